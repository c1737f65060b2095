package io.enseada.operator.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The operator's walls hold for its main classes and for those of shared/ it runs with. */
class OperatorArchitectureTest {
    /** Main classes only: test code (this package's fixtures, the shared test-jar) may do what main code must not. */
    private static final ImportOption MAIN_CLASSES = location ->
            ImportOption.Predefined.DO_NOT_INCLUDE_TESTS.includes(location) && !location.contains("-tests.jar");

    private static JavaClasses mainClasses(String root) {
        return new ClassFileImporter().withImportOption(MAIN_CLASSES).importPackages(root);
    }

    @Test
    void theOperatorUsesNothingOfTheRegistry() {
        Walls.independentOf("io.enseada.operator", "io.enseada.registry").check(mainClasses("io.enseada.operator"));
    }

    @Test
    void sharedUsesNoWebServerOperatorFrameworkOrKubernetesClient() {
        Walls.frameworkFree("io.enseada.shared").check(mainClasses("io.enseada.shared"));
    }

    @Test
    void theOperatorsPackagesHaveNoCycle() {
        Walls.acyclic("io.enseada.operator").check(mainClasses("io.enseada.operator"));
    }
}
