package io.enseada.operator.common;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Kubernetes-style conditions, built by pure functions: what a reconcile observed goes in, the
 * status conditions to store come out. A condition keeps its {@code lastTransitionTime} while its
 * status stays the same, so a status built twice from the same observations is equal and is not
 * patched again.
 */
public final class Conditions {
    public static final String READY = "Ready";
    public static final String TRUE = "True";
    public static final String FALSE = "False";
    public static final String UNKNOWN = "Unknown";

    private Conditions() {}

    /** One observation: a condition type, whether it holds, why, and a one-line message. */
    public record Observation(String type, String status, String reason, String message) {
        public Observation {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(reason, "reason");
            message = message == null ? "" : message;
        }

        public static Observation holds(String type, String reason, String message) {
            return new Observation(type, TRUE, reason, message);
        }

        public static Observation fails(String type, String reason, String message) {
            return new Observation(type, FALSE, reason, message);
        }

        public static Observation unknown(String type, String reason, String message) {
            return new Observation(type, UNKNOWN, reason, message);
        }

        public boolean isTrue() {
            return TRUE.equals(status);
        }
    }

    /**
     * The conditions to store: one per observation, in the observations' order, followed by an
     * aggregated {@code Ready} (True when every observation holds, else False with the first
     * failing one's reason and message) unless the observations carry their own {@code Ready}.
     */
    public static List<Condition> build(
            List<Condition> previous, List<Observation> observations, long generation, Instant now) {
        List<Observation> all = new ArrayList<>(observations);
        if (observations.stream().noneMatch(o -> READY.equals(o.type()))) {
            all.add(ready(observations));
        }
        String timestamp = now.truncatedTo(ChronoUnit.SECONDS).toString();
        List<Condition> result = new ArrayList<>();
        for (Observation observation : all) {
            Optional<Condition> before = find(previous, observation.type());
            String transition = before.filter(c -> observation.status().equals(c.getStatus()))
                    .map(Condition::getLastTransitionTime)
                    .orElse(timestamp);
            result.add(new ConditionBuilder()
                    .withType(observation.type())
                    .withStatus(observation.status())
                    .withReason(observation.reason())
                    .withMessage(observation.message())
                    .withObservedGeneration(generation)
                    .withLastTransitionTime(transition)
                    .build());
        }
        return result;
    }

    /**
     * {@code Ready} from the observations that decide it: True when every one holds, else False
     * with the first failing one's reason and message. For a caller that shows more conditions
     * than those that decide Ready.
     */
    public static Observation ready(List<Observation> observations) {
        return observations.stream()
                .filter(o -> !o.isTrue())
                .findFirst()
                .map(o -> new Observation(READY, FALSE, o.reason(), o.message()))
                .orElse(Observation.holds(READY, "Reconciled", "all conditions hold"));
    }

    public static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions == null
                ? Optional.empty()
                : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    public static boolean isTrue(List<Condition> conditions, String type) {
        return find(conditions, type).map(c -> TRUE.equals(c.getStatus())).orElse(false);
    }
}
