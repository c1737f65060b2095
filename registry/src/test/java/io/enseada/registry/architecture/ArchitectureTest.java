package io.enseada.registry.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.enseada.registry.RegistryServer;
import org.junit.jupiter.api.Test;

/** The registry's main classes keep to {@link RegistryArchitecture}. */
class ArchitectureTest {
    /** Read from where the main classes were compiled to: scanning the whole test classpath takes half a minute. */
    private static final JavaClasses REGISTRY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importUrl(
                    RegistryServer.class.getProtectionDomain().getCodeSource().getLocation());

    private final RegistryArchitecture rules = new RegistryArchitecture("io.enseada.registry");

    @Test
    void theMainClassesAreImported() {
        assertThat(REGISTRY.containPackage("io.enseada.registry.oci")).isTrue();
        assertThat(REGISTRY.containPackage("io.enseada.registry.http")).isTrue();
    }

    @Test
    void formatsAreIndependent() {
        rules.formatsAreIndependent().check(REGISTRY);
    }

    @Test
    void packagesImportOnlyLayersBelowThem() {
        rules.layers().check(REGISTRY);
    }

    @Test
    void formatsUseOnlyTheStoragePorts() {
        rules.formatsUseOnlyThePorts().check(REGISTRY);
    }

    @Test
    void theRegistryNeverImportsTheOperator() {
        rules.noOperator().check(REGISTRY);
    }

    @Test
    void noPackageCycles() {
        rules.noCycles().check(REGISTRY);
    }

    @Test
    void everyRuleIsRun() {
        assertThat(rules.all()).extracting(ArchRule::getDescription).hasSize(5);
    }
}
