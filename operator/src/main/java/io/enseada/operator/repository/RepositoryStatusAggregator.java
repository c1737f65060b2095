package io.enseada.operator.repository;

import io.enseada.operator.common.Conditions;
import io.enseada.operator.common.Conditions.Observation;
import io.enseada.shared.model.RepositoryLifecycle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Builds a Repository's status from what one reconcile observed; pure, so it is tested without a cluster. */
public final class RepositoryStatusAggregator {
    public static final String SYNCED = "Synced";
    public static final String REGISTRY_FOUND = "RegistryFound";
    public static final String PURGED = "Purged";
    /** Whether the registry's last storage lifecycle run finished for the repository; absent before the first. */
    public static final String LIFECYCLE_SUCCEEDED = "LifecycleSucceeded";
    /** LifecycleSucceeded's reason when the run reported an error, which becomes its message. */
    public static final String RETENTION_FAILED = "RetentionFailed";

    private RepositoryStatusAggregator() {}

    /**
     * @param registry      the name of the Registry the Repository points at
     * @param registryFound whether that Registry exists in the Repository's namespace
     * @param synced        whether the document is as the spec says; empty when there was no
     *                      Registry to write it to
     * @param address       how clients reach the repository; null when it is not known (no
     *                      Registry, an invalid spec)
     * @param upstream      whether a proxy's upstream answers ({@link UpstreamProbe}); empty for
     *                      other kinds. Shown, but never holding up Ready: a proxy whose upstream
     *                      is down still serves what it has cached.
     * @param lifecycle     the registry's report of its last storage lifecycle run. Shown, but
     *                      never holding up Ready either: a failed retention leaves the
     *                      repository serving what it holds.
     */
    public record Observed(
            String registry,
            boolean registryFound,
            Optional<Observation> synced,
            Address address,
            Optional<Observation> upstream,
            LifecycleReport lifecycle) {

        /** Without a look at the lifecycle report: the status keeps what it showed of it. */
        public Observed(
                String registry,
                boolean registryFound,
                Optional<Observation> synced,
                Address address,
                Optional<Observation> upstream) {
            this(registry, registryFound, synced, address, upstream, LifecycleReport.UNREAD);
        }

        /** A repository without an upstream. */
        public Observed(String registry, boolean registryFound, Optional<Observation> synced, Address address) {
            this(registry, registryFound, synced, address, Optional.empty());
        }
    }

    /** The client-facing address of the repository and one line showing its use ({@link RepositoryUsage}). */
    public record Address(String url, String usage) {}

    public static RepositoryStatus build(RepositoryStatus previous, long generation, Observed observed, Instant now) {
        List<Observation> observations = new ArrayList<>();
        observations.add(registryFound(observed.registry(), observed.registryFound()));
        observed.synced().ifPresent(observations::add);
        Observation ready = Conditions.ready(observations);
        observed.upstream().ifPresent(observations::add);
        LifecycleSummary lifecycle = null;
        if (observed.lifecycle() instanceof LifecycleReport.Run run) {
            lifecycle = LifecycleSummary.of(run.lifecycle());
            observations.add(lifecycleSucceeded(run.lifecycle()));
        } else if (observed.lifecycle() instanceof LifecycleReport.Unread) {
            lifecycle = previous == null ? null : previous.getLifecycle();
            previousCondition(previous, LIFECYCLE_SUCCEEDED).ifPresent(observations::add);
        }
        observations.add(ready);
        return status(previous, generation, observations, observed.address(), lifecycle, now);
    }

    private static Observation lifecycleSucceeded(RepositoryLifecycle run) {
        if (run.error() != null) {
            return Observation.fails(LIFECYCLE_SUCCEEDED, RETENTION_FAILED, run.error());
        }
        return Observation.holds(
                LIFECYCLE_SUCCEEDED,
                "RunCompleted",
                "the storage lifecycle run of " + run.lastRun() + " removed " + run.removedItems() + " items and freed "
                        + run.freedBytes() + " bytes");
    }

    private static Optional<Observation> previousCondition(RepositoryStatus previous, String type) {
        return previous == null
                ? Optional.empty()
                : Conditions.find(previous.getConditions(), type)
                        .map(c -> new Observation(c.getType(), c.getStatus(), c.getReason(), c.getMessage()));
    }

    /**
     * A deleted Repository whose registry is removing it with its packages: Purged is False until
     * the registry has; the address stays what it was.
     */
    public static RepositoryStatus purging(
            RepositoryStatus previous, long generation, String registry, String repository, Instant now) {
        Address address = previous == null ? null : new Address(previous.getUrl(), previous.getUsage());
        return status(
                previous,
                generation,
                List.of(
                        registryFound(registry, true),
                        Observation.fails(
                                PURGED,
                                "WaitingForRegistry",
                                "deletionPolicy Delete: waiting for the registry to remove repository " + repository
                                        + " and its packages")),
                address,
                previous == null ? null : previous.getLifecycle(),
                now);
    }

    private static Observation registryFound(String registry, boolean found) {
        return found
                ? Observation.holds(REGISTRY_FOUND, "RegistryFound", "Registry " + registry)
                : Observation.fails(
                        REGISTRY_FOUND,
                        "RegistryNotFound",
                        "Registry " + registry + " does not exist in this namespace");
    }

    private static RepositoryStatus status(
            RepositoryStatus previous,
            long generation,
            List<Observation> observations,
            Address address,
            LifecycleSummary lifecycle,
            Instant now) {
        RepositoryStatus status = new RepositoryStatus();
        status.setObservedGeneration(generation);
        status.setConditions(Conditions.build(
                previous == null ? List.of() : previous.getConditions(), observations, generation, now));
        status.setUrl(address == null ? null : address.url());
        status.setUsage(address == null ? null : address.usage());
        status.setLifecycle(lifecycle);
        return status;
    }
}
