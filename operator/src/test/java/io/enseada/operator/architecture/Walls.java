package io.enseada.operator.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * The package walls of DESIGN.md as ArchUnit rules, each over a root package so that
 * {@link WallsTest} can show it failing on classes made to break it.
 */
final class Walls {
    private Walls() {}

    /** Classes under {@code from} use nothing under {@code to} (the operator and the registry never import each other). */
    static ArchRule independentOf(String from, String to) {
        return noClasses()
                .that()
                .resideInAPackage(from + "..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(to + "..")
                .because("the operator and the registry are separate workloads; what both need lives in shared/");
    }

    /** Classes under {@code shared} use no web server, operator framework or Kubernetes client. */
    static ArchRule frameworkFree(String shared) {
        return noClasses()
                .that()
                .resideInAPackage(shared + "..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.javalin..", "io.javaoperatorsdk..", "io.fabric8..")
                .because("shared/ holds what both workloads agree on, and each brings its own framework");
    }

    /** No two packages under {@code root} (itself included) use each other, directly or around a loop. */
    static ArchRule acyclic(String root) {
        return slices().assignedFrom(eachPackageUnder(root)).should().beFreeOfCycles();
    }

    /** Every package its own slice: a cycle through the root package counts too, which {@code matching("root.(*)..")} misses. */
    private static SliceAssignment eachPackageUnder(String root) {
        return new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String name = javaClass.getPackageName();
                return name.equals(root) || name.startsWith(root + ".")
                        ? SliceIdentifier.of(name)
                        : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "packages under " + root;
            }
        };
    }
}
