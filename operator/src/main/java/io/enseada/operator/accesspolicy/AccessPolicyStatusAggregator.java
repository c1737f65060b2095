package io.enseada.operator.accesspolicy;

import io.enseada.operator.common.Conditions;
import io.enseada.operator.common.Conditions.Observation;
import java.time.Instant;
import java.util.List;

/** Builds an AccessPolicy's status from what one reconcile observed; pure, so it is tested without a cluster. */
public final class AccessPolicyStatusAggregator {
    public static final String SYNCED = "Synced";
    public static final String CREDENTIALS_READY = "CredentialsReady";

    private AccessPolicyStatusAggregator() {}

    /**
     * @param synced      whether the policy document is as the spec says
     * @param credentials whether the robot, its token and the Secret are in place (holds with
     *                    reason NotRequested when the spec asks for none)
     * @param token       the current token, when there is one: its id and creation, never its value
     */
    public record Observed(
            Observation synced, Observation credentials, String robot, String secretName, TokenInfo token) {}

    public record TokenInfo(String id, Instant createdAt) {}

    public static Observation notRequested() {
        return Observation.holds(CREDENTIALS_READY, "NotRequested", "the policy asks for no credentials");
    }

    public static AccessPolicyStatus build(
            AccessPolicyStatus previous, long generation, Observed observed, Instant now) {
        AccessPolicyStatus status = new AccessPolicyStatus();
        status.setObservedGeneration(generation);
        status.setConditions(Conditions.build(
                previous == null ? List.of() : previous.getConditions(),
                List.of(observed.synced(), observed.credentials()),
                generation,
                now));
        status.setRobot(observed.robot());
        status.setSecretName(observed.secretName());
        if (observed.token() != null) {
            status.setTokenId(observed.token().id());
            status.setTokenCreatedAt(observed.token().createdAt().toString());
        }
        return status;
    }
}
