package io.enseada.operator.accesspolicy;

import static io.enseada.operator.accesspolicy.AccessPolicyStatusAggregator.CREDENTIALS_READY;
import static io.enseada.operator.accesspolicy.AccessPolicyStatusAggregator.SYNCED;
import static org.assertj.core.api.Assertions.assertThat;

import io.enseada.operator.accesspolicy.AccessPolicyStatusAggregator.Observed;
import io.enseada.operator.accesspolicy.AccessPolicyStatusAggregator.TokenInfo;
import io.enseada.operator.common.Conditions;
import io.enseada.operator.common.Conditions.Observation;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AccessPolicyStatusAggregatorTest {
    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    private static final Instant LATER = NOW.plusSeconds(600);
    private static final Observation WRITTEN =
            Observation.holds(SYNCED, "DocumentWritten", "document policy:team.ci-push is up to date");
    private static final Observation SECRET_WRITTEN = Observation.holds(
            CREDENTIALS_READY,
            "SecretWritten",
            "Secret ci-push-credentials holds token abcdefghij012345 of robot:team.ci-push");
    private static final TokenInfo TOKEN = new TokenInfo("abcdefghij012345", Instant.parse("2025-12-31T09:00:00Z"));

    private static Observed withCredentials(Observation credentials, TokenInfo token) {
        return new Observed(WRITTEN, credentials, "robot:team.ci-push", "ci-push-credentials", token);
    }

    private static Condition condition(AccessPolicyStatus status, String type) {
        return Conditions.find(status.getConditions(), type).orElseThrow();
    }

    @Test
    void aPolicyWithItsSecretWrittenIsReadyAndNamesItsRobotSecretAndToken() {
        AccessPolicyStatus status =
                AccessPolicyStatusAggregator.build(null, 2, withCredentials(SECRET_WRITTEN, TOKEN), NOW);

        assertThat(status.getConditions())
                .extracting(Condition::getType)
                .containsExactly("Synced", "CredentialsReady", "Ready");
        assertThat(Conditions.isTrue(status.getConditions(), Conditions.READY)).isTrue();
        assertThat(status.getObservedGeneration()).isEqualTo(2);
        assertThat(status.getRobot()).isEqualTo("robot:team.ci-push");
        assertThat(status.getSecretName()).isEqualTo("ci-push-credentials");
        assertThat(status.getTokenId()).isEqualTo("abcdefghij012345");
        assertThat(status.getTokenCreatedAt()).isEqualTo("2025-12-31T09:00:00Z");
    }

    @Test
    void aPolicyWithoutCredentialsIsReadyWithNoRobotOrToken() {
        AccessPolicyStatus status = AccessPolicyStatusAggregator.build(
                null, 1, new Observed(WRITTEN, AccessPolicyStatusAggregator.notRequested(), null, null, null), NOW);

        assertThat(condition(status, CREDENTIALS_READY).getReason()).isEqualTo("NotRequested");
        assertThat(Conditions.isTrue(status.getConditions(), Conditions.READY)).isTrue();
        assertThat(status.getRobot()).isNull();
        assertThat(status.getSecretName()).isNull();
        assertThat(status.getTokenId()).isNull();
        assertThat(status.getTokenCreatedAt()).isNull();
    }

    @Test
    void aSecretThatCannotBeWrittenMovesOnlyTheConditionsThatChanged() {
        AccessPolicyStatus before =
                AccessPolicyStatusAggregator.build(null, 2, withCredentials(SECRET_WRITTEN, TOKEN), NOW);
        AccessPolicyStatus after = AccessPolicyStatusAggregator.build(
                before,
                2,
                withCredentials(
                        Observation.fails(
                                CREDENTIALS_READY,
                                "SecretNotWritten",
                                "could not write Secret ci-push-credentials: HTTP 403"),
                        TOKEN),
                LATER);

        assertThat(condition(after, CREDENTIALS_READY).getLastTransitionTime()).isEqualTo(LATER.toString());
        assertThat(condition(after, Conditions.READY).getReason()).isEqualTo("SecretNotWritten");
        assertThat(condition(after, Conditions.READY).getLastTransitionTime()).isEqualTo(LATER.toString());
        assertThat(condition(after, SYNCED).getLastTransitionTime()).isEqualTo(NOW.toString());
        // the token the Secret last held is still reported
        assertThat(after.getTokenId()).isEqualTo(TOKEN.id());
    }

    @Test
    void aRotatedTokenChangesTheStatusButNoTransitionTime() {
        AccessPolicyStatus before =
                AccessPolicyStatusAggregator.build(null, 2, withCredentials(SECRET_WRITTEN, TOKEN), NOW);
        TokenInfo rotated = new TokenInfo("zyxwvutsrq987654", LATER);
        AccessPolicyStatus after =
                AccessPolicyStatusAggregator.build(before, 2, withCredentials(SECRET_WRITTEN, rotated), LATER);

        assertThat(after.getTokenId()).isEqualTo("zyxwvutsrq987654");
        assertThat(after.getTokenCreatedAt()).isEqualTo(LATER.toString());
        assertThat(after.getConditions())
                .allSatisfy(c -> assertThat(c.getLastTransitionTime()).isEqualTo(NOW.toString()));
        assertThat(after).isNotEqualTo(before);
    }

    @Test
    void aNewGenerationIsObservedByEveryCondition() {
        AccessPolicyStatus before =
                AccessPolicyStatusAggregator.build(null, 2, withCredentials(SECRET_WRITTEN, TOKEN), NOW);
        AccessPolicyStatus after =
                AccessPolicyStatusAggregator.build(before, 3, withCredentials(SECRET_WRITTEN, TOKEN), LATER);

        assertThat(after.getObservedGeneration()).isEqualTo(3);
        assertThat(after.getConditions()).allSatisfy(c -> {
            assertThat(c.getObservedGeneration()).isEqualTo(3);
            assertThat(c.getLastTransitionTime()).isEqualTo(NOW.toString());
        });
    }

    @Test
    void rebuildingFromTheSameObservationsGivesAnEqualStatus() {
        AccessPolicyStatus first =
                AccessPolicyStatusAggregator.build(null, 2, withCredentials(SECRET_WRITTEN, TOKEN), NOW);

        assertThat(AccessPolicyStatusAggregator.build(first, 2, withCredentials(SECRET_WRITTEN, TOKEN), LATER))
                .isEqualTo(first);
    }
}
