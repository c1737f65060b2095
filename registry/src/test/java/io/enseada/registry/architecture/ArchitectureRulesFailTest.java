package io.enseada.registry.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.enseada.archfixture.http.Dispatcher;
import io.enseada.archfixture.npm.NpmThing;
import io.enseada.archfixture.oci.OciThing;
import io.enseada.archfixture.repository.Catalog;
import org.junit.jupiter.api.Test;

/**
 * The rules can fail: test-only classes under {@code io.enseada.archfixture} break each wall on
 * purpose — http and repository import each other (a cycle, and http against the order), the oci
 * fixture imports the npm one, the npm one holds an S3 client.
 */
class ArchitectureRulesFailTest {
    private static final JavaClasses FIXTURE =
            new ClassFileImporter().importClasses(Dispatcher.class, Catalog.class, OciThing.class, NpmThing.class);
    private final RegistryArchitecture rules = new RegistryArchitecture("io.enseada.archfixture");

    @Test
    void aCycleFails() {
        assertThat(rules.noCycles().evaluate(FIXTURE).hasViolation()).isTrue();
        assertThat(rules.noCycles().evaluate(FIXTURE).getFailureReport().toString())
                .contains("http", "repository");
    }

    @Test
    void anImportAgainstTheLayerOrderFails() {
        assertThat(rules.layers().evaluate(FIXTURE).getFailureReport().toString())
                .contains(Dispatcher.class.getName())
                .contains(Catalog.class.getName());
    }

    @Test
    void aFormatImportingAnotherFails() {
        assertThat(rules.formatsAreIndependent()
                        .evaluate(FIXTURE)
                        .getFailureReport()
                        .toString())
                .contains(OciThing.class.getName())
                .contains(NpmThing.class.getName());
    }

    @Test
    void aFormatTouchingS3Fails() {
        assertThat(rules.formatsUseOnlyThePorts()
                        .evaluate(FIXTURE)
                        .getFailureReport()
                        .toString())
                .contains(NpmThing.class.getName())
                .contains("software.amazon.awssdk");
    }
}
