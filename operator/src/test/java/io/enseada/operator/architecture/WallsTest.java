package io.enseada.operator.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/** Each wall fails on a pair of test-only classes made to break it (under {@code fixture}), and names the offence. */
class WallsTest {
    private static final String FIXTURE = "io.enseada.operator.architecture.fixture";
    private static final JavaClasses FIXTURES = new ClassFileImporter().importPackages(FIXTURE);

    @Test
    void aPackageCycleIsAViolation() {
        EvaluationResult result = Walls.acyclic(FIXTURE + ".cycle").evaluate(FIXTURES);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString())
                .contains("Cycle detected")
                .contains(FIXTURE + ".cycle.one")
                .contains(FIXTURE + ".cycle.two");
    }

    @Test
    void aCycleThroughTheRootPackageIsAViolation() {
        EvaluationResult result = Walls.acyclic(FIXTURE + ".rooted").evaluate(FIXTURES);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString()).contains(FIXTURE + ".rooted.leaf");
        // why the rule makes every package a slice: slices by sub-package leave the root out, and miss this cycle
        assertThat(slices().matching(FIXTURE + ".rooted.(*)..")
                        .should()
                        .beFreeOfCycles()
                        .evaluate(FIXTURES)
                        .hasViolation())
                .isFalse();
    }

    @Test
    void aClassUsingTheOtherWorkloadIsAViolation() {
        EvaluationResult result = Walls.independentOf(FIXTURE + ".operatorside", FIXTURE + ".registryside")
                .evaluate(FIXTURES);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString())
                .contains("OperatorSide")
                .contains("RegistrySide");
        // the other way round nothing is used
        assertThat(Walls.independentOf(FIXTURE + ".registryside", FIXTURE + ".operatorside")
                        .evaluate(FIXTURES)
                        .hasViolation())
                .isFalse();
    }

    @Test
    void sharedCodeUsingTheOperatorFrameworkOrTheKubernetesClientIsAViolation() {
        EvaluationResult result = Walls.frameworkFree(FIXTURE + ".sharedside").evaluate(FIXTURES);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString())
                .contains("io.javaoperatorsdk")
                .contains("io.fabric8");
    }
}
