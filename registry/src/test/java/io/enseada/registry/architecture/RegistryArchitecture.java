package io.enseada.registry.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameStartingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures;
import java.util.List;

/**
 * The registry's walls as rules over the packages below {@code root} ({@code io.enseada.registry};
 * a test fixture passes its own root to show each rule can fail). The layers, bottom to top:
 * errors, storage, metadata, config, logging; http; access; audit; repository; identity; the
 * formats oci, maven and npm; lifecycle (garbage collection, which reads every format through
 * the RegistryFormat port); ui (the web UI, over the same services as the management API); the
 * root package, which composes them. A package imports only
 * packages below it, and no two packages import each other by any path.
 */
public final class RegistryArchitecture {
    private static final String[] FORMATS = {"oci", "maven", "npm"};

    private final String root;

    public RegistryArchitecture(String root) {
        this.root = root;
    }

    public List<ArchRule> all() {
        return List.of(formatsAreIndependent(), layers(), formatsUseOnlyThePorts(), noOperator(), noCycles());
    }

    /** A format never imports another format. */
    public ArchRule formatsAreIndependent() {
        return slices().matching(root + ".(" + String.join("|", FORMATS) + ")..")
                .namingSlices("format $1")
                .should()
                .notDependOnEachOther()
                .because(
                        "a feature for every format goes through the RegistryFormat port, not from one format into another");
    }

    public ArchRule layers() {
        return Architectures.layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true)
                .layer("Base")
                .definedBy(packages("errors", "storage", "metadata", "config", "logging", "upstream"))
                .layer("Http")
                .definedBy(packages("http"))
                .layer("Access")
                .definedBy(packages("access"))
                .layer("Audit")
                .definedBy(packages("audit"))
                .layer("Repository")
                .definedBy(packages("repository"))
                .layer("Identity")
                .definedBy(packages("identity"))
                .layer("Formats")
                .definedBy(packages(FORMATS))
                .layer("Lifecycle")
                .definedBy(packages("lifecycle"))
                .layer("Ui")
                .definedBy(packages("ui"))
                .layer("Root")
                .definedBy(root)
                .whereLayer("Root")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("Ui")
                .mayOnlyBeAccessedByLayers("Root")
                .whereLayer("Lifecycle")
                .mayOnlyBeAccessedByLayers("Ui", "Root")
                .whereLayer("Formats")
                .mayOnlyBeAccessedByLayers("Root")
                .whereLayer("Identity")
                .mayOnlyBeAccessedByLayers("Formats", "Ui", "Root")
                .whereLayer("Repository")
                .mayOnlyBeAccessedByLayers("Identity", "Formats", "Lifecycle", "Ui", "Root")
                .whereLayer("Audit")
                .mayOnlyBeAccessedByLayers("Repository", "Identity", "Formats", "Lifecycle", "Ui", "Root")
                .whereLayer("Access")
                .mayOnlyBeAccessedByLayers("Audit", "Repository", "Identity", "Formats", "Lifecycle", "Ui", "Root")
                .whereLayer("Http")
                .mayOnlyBeAccessedByLayers(
                        "Access", "Audit", "Repository", "Identity", "Formats", "Lifecycle", "Ui", "Root");
    }

    /** Formats reach storage and metadata only through the two ports, never a backend. */
    public ArchRule formatsUseOnlyThePorts() {
        DescribedPredicate<JavaClass> backends = resideInAnyPackage(
                        "software.amazon.awssdk..",
                        root + ".storage.s3..",
                        root + ".storage.filesystem..",
                        "io.enseada.shared.couchdb..",
                        "io.enseada.shared.store.couchdb..",
                        "org.h2.mvstore..")
                .or(resideInAPackage(root + ".metadata").and(nameStartingWith(root + ".metadata.Mv")))
                .as("an S3, filesystem, CouchDB or MVStore backend class");
        return noClasses()
                .that()
                .resideInAnyPackage(packages(FORMATS))
                .should()
                .dependOnClassesThat(backends)
                .because("a format uses the BlobStore and DocumentStore ports only");
    }

    /** The registry and the operator are two workloads that share only shared/. */
    public ArchRule noOperator() {
        return noClasses()
                .that()
                .resideInAPackage(root + "..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.enseada.operator..");
    }

    /** Each package is a slice of its own, subpackages included. */
    public ArchRule noCycles() {
        return slices().matching(root + ".(**)").should().beFreeOfCycles();
    }

    private String[] packages(String... names) {
        String[] packages = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            packages[i] = root + "." + names[i] + "..";
        }
        return packages;
    }
}
