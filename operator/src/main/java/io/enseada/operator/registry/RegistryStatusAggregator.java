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
    public static final String STORAGE_READY = "StorageReady";
    public static final String AVAILABLE = "Available";

    private RegistryStatusAggregator() {}

    /**
     * @param problem       what is wrong with the spec, if anything; then nothing else was attempted
     * @param databaseError why the database could not be used; empty when it answered
     * @param storage       the blob storage as checked; empty when it was not (an invalid spec)
     * @param pods          the registry pods, as the Deployment's status counts them
     */
    public record Observed(
            Optional<RegistryValidation.Problem> problem,
            Optional<String> databaseError,
            Optional<StorageHealth> storage,
            Pods pods,
            String url) {}

    /**
     * @param ready      ready pods
     * @param updated    pods of the current pod template
     * @param desired    pods the spec asks for
     * @param rolledOut  whether the Deployment controller has seen the current Deployment spec
     *                   and every desired pod runs its template (a rollout is done)
     */
    public record Pods(int ready, int updated, int desired, boolean rolledOut) {
        /** What the Deployment's status says; nothing ready and nothing rolled out before it has one. */
        public static Pods of(io.fabric8.kubernetes.api.model.apps.Deployment deployment, int desired) {
            var status = deployment == null ? null : deployment.getStatus();
            if (status == null) {
                return new Pods(0, 0, desired, false);
            }
            int updated = status.getUpdatedReplicas() == null ? 0 : status.getUpdatedReplicas();
            boolean observed = status.getObservedGeneration() != null
                    && status.getObservedGeneration()
                            >= deployment.getMetadata().getGeneration();
            return new Pods(
                    status.getReadyReplicas() == null ? 0 : status.getReadyReplicas(),
                    updated,
                    desired,
                    observed && updated >= desired);
        }
    }

    public static RegistryStatus build(RegistryStatus previous, long generation, Observed observed, Instant now) {
        List<Observation> observations = new ArrayList<>();
        if (observed.problem().isPresent()) {
            RegistryValidation.Problem problem = observed.problem().get();
            observations.add(Observation.fails(CONFIGURATION_VALID, problem.reason(), problem.message()));
            observations.add(Observation.unknown(DATABASE_READY, "NotChecked", "the spec is not valid"));
            observations.add(storage(observed.storage()));
            observations.add(Observation.unknown(AVAILABLE, "NotDeployed", "the spec is not valid"));
        } else {
            observations.add(Observation.holds(CONFIGURATION_VALID, "Valid", "the spec is valid"));
            observations.add(observed.databaseError()
                    .map(error -> Observation.fails(DATABASE_READY, "DatabaseUnreachable", error))
                    .orElse(Observation.holds(DATABASE_READY, "DatabaseAvailable", "the CouchDB database answers")));
            observations.add(storage(observed.storage()));
            Pods pods = observed.pods();
            String counts = pods.ready() + "/" + pods.desired() + " registry pods ready";
            if (pods.desired() == 0) {
                observations.add(Observation.holds(AVAILABLE, "ScaledToZero", "0 registry pods wanted"));
            } else if (!pods.rolledOut()) {
                // maxUnavailable 0: the old pods serve until the new ones are ready
                observations.add(Observation.fails(
                        AVAILABLE,
                        "Progressing",
                        counts + ", " + pods.updated() + "/" + pods.desired() + " of the current spec"));
            } else {
                observations.add(
                        pods.ready() >= pods.desired()
                                ? Observation.holds(AVAILABLE, "MinimumReplicasAvailable", counts)
                                : Observation.fails(AVAILABLE, "PodsNotReady", counts));
            }
        }
        RegistryStatus status = new RegistryStatus();
        status.setObservedGeneration(generation);
        status.setConditions(Conditions.build(
                previous == null ? List.of() : previous.getConditions(), observations, generation, now));
        status.setUrl(observed.url());
        status.setReadyReplicas(observed.pods().ready());
        return status;
    }

    private static Observation storage(Optional<StorageHealth> storage) {
        return storage.map(s -> new Observation(
                        STORAGE_READY, s.ready() ? Conditions.TRUE : Conditions.FALSE, s.reason(), s.message()))
                .orElse(Observation.unknown(STORAGE_READY, "NotChecked", "the spec is not valid"));
    }
}
