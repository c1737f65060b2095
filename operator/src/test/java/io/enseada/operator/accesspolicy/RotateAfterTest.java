package io.enseada.operator.accesspolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.re2j.Pattern;
import io.enseada.operator.common.IsoDurations;
import io.enseada.operator.testing.ProjectFiles;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code credentials.rotateAfter}: the CRD's RE2 pattern and the operator's parser agree on what is a duration. */
class RotateAfterTest {
    private static final List<String> ACCEPTED =
            List.of("P30D", "PT12H", "P1Y", "P2M", "P3W", "PT5M", "PT30S", "P1Y2M3W4DT5H6M7S", "P1DT12H", "P1MT1S");
    private static final List<String> REFUSED =
            List.of("P", "PT", "P1DT", "30D", "P1H", "PT1D", "P1D2Y", "p30d", "P30D ", "");

    private static Pattern crdPattern() {
        String crd = ProjectFiles.yamlDocuments(
                        ProjectFiles.generatedCrds().resolve("accesspolicies.enseada.io-v1.yml"))
                .get(0)
                .at(
                        "/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/credentials/properties/rotateAfter/pattern")
                .asText();
        assertThat(crd).isEqualTo(IsoDurations.PATTERN);
        return Pattern.compile(crd);
    }

    @Test
    void theApiServerAndTheOperatorAcceptTheSameDurations() {
        Pattern pattern = crdPattern();
        for (String accepted : ACCEPTED) {
            assertThat(pattern.matches(accepted)).as(accepted).isTrue();
            assertThat(IsoDurations.parse(accepted)).as(accepted).isPositive();
        }
        for (String refused : REFUSED) {
            assertThat(pattern.matches(refused)).as("'%s'", refused).isFalse();
            assertThatThrownBy(() -> IsoDurations.parse(refused))
                    .as("'%s'", refused)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void yearsMonthsAndWeeksCountAsDays() {
        assertThat(IsoDurations.parse("P1Y2M3W4DT5H6M7S"))
                .isEqualTo(Duration.ofDays(365 + 60 + 21 + 4)
                        .plusHours(5)
                        .plusMinutes(6)
                        .plusSeconds(7));
    }
}
