package io.enseada.operator.registry;

import io.enseada.operator.common.Conditions;
import io.enseada.operator.common.Conditions.Observation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Builds a Registry's status from what one reconcile observed; pure, so it is tested without a cluster. */
public final class RegistryStatusAggregator {
    public static final String CONFIGURATION_VALID = "ConfigurationValid";
    public static final String DATABASE_READY = "DatabaseReady";
    public static final String AVAILABLE = "Available";

    private RegistryStatusAggregator() {
    }

    /**
     * @param problem         what is wrong with the spec, if anything; then nothing else was attempted
     * @param databaseError   why the database could not be used; empty when it answered
     * @param readyReplicas   ready pods of the Deployment
     * @param desiredReplicas pods the spec asks for
     */
    public record Observed(Optional<RegistryValidation.Problem> problem, Optional<String> databaseError,
                           int readyReplicas, int desiredReplicas, String url) {
    }

    public static RegistryStatus build(RegistryStatus previous, long generation, Observed observed, Instant now) {
        List<Observation> observations = new ArrayList<>();
        if (observed.problem().isPresent()) {
            RegistryValidation.Problem problem = observed.problem().get();
            observations.add(Observation.fails(CONFIGURATION_VALID, problem.reason(), problem.message()));
            observations.add(Observation.unknown(DATABASE_READY, "NotChecked", "the spec is not valid"));
            observations.add(Observation.unknown(AVAILABLE, "NotDeployed", "the spec is not valid"));
        } else {
            observations.add(Observation.holds(CONFIGURATION_VALID, "Valid", "the spec is valid"));
            observations.add(observed.databaseError()
                    .map(error -> Observation.fails(DATABASE_READY, "DatabaseUnreachable", error))
                    .orElse(Observation.holds(DATABASE_READY, "DatabaseAvailable", "the CouchDB database answers")));
            String pods = observed.readyReplicas() + "/" + observed.desiredReplicas() + " registry pods ready";
            observations.add(observed.readyReplicas() >= Math.max(1, observed.desiredReplicas()) || observed.desiredReplicas() == 0
                    ? Observation.holds(AVAILABLE, "MinimumReplicasAvailable", pods)
                    : Observation.fails(AVAILABLE, "PodsNotReady", pods));
        }
        RegistryStatus status = new RegistryStatus();
        status.setObservedGeneration(generation);
        status.setConditions(Conditions.build(previous == null ? List.of() : previous.getConditions(), observations, generation, now));
        status.setUrl(observed.url());
        status.setReadyReplicas(observed.readyReplicas());
        return status;
    }
}
