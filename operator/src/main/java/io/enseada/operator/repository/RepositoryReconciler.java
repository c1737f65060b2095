package io.enseada.operator.repository;

import io.enseada.operator.common.Conditions;
import io.enseada.operator.common.Conditions.Observation;
import io.enseada.operator.common.EventRecorder;
import io.enseada.operator.common.FailedWithStatus;
import io.enseada.operator.common.InformerCache;
import io.enseada.operator.common.StatusPatches;
import io.enseada.operator.registry.Registry;
import io.enseada.operator.registry.RegistryNames;
import io.enseada.operator.registry.RegistryStores;
import io.enseada.operator.repository.RepositoryResourceSpec.DeletionPolicy;
import io.enseada.operator.repository.RepositoryStatusAggregator.Address;
import io.enseada.operator.store.ManagedDocuments;
import io.enseada.shared.model.MavenOptions;
import io.enseada.shared.model.RepositoryDeletion;
import io.enseada.shared.model.RepositorySpec;
import io.enseada.shared.store.DocumentStore;
import io.enseada.shared.store.DocumentStoreException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Writes a Repository's document ({@code repository:<name>}) into its Registry's database, puts it
 * back when it drifts (every resync), and removes it when the resource is deleted (finalizer). With
 * {@code deletionPolicy: Delete} it asks the registry to remove the repository with its packages
 * instead ({@link RepositoryDeletion}), and holds the finalizer until the registry has removed the
 * document.
 */
@ControllerConfiguration(name = "repository")
public class RepositoryReconciler implements Reconciler<Repository>, Cleaner<Repository> {
    public static final String SYNCED = RepositoryStatusAggregator.SYNCED;
    public static final String REGISTRY_FOUND = RepositoryStatusAggregator.REGISTRY_FOUND;
    public static final String PURGED = RepositoryStatusAggregator.PURGED;
    static final String REGISTRIES = "repository-registries";
    /** How often a deleted Repository checks whether the registry has finished purging it. */
    static final Duration PURGE_POLL = Duration.ofSeconds(5);

    private final RegistryStores stores;
    private final ManagedDocuments documents;
    private final EventRecorder events;
    private final StatusPatches statusPatches;
    private final Clock clock;

    public RepositoryReconciler(RegistryStores stores, ManagedDocuments documents, EventRecorder events, Clock clock) {
        this.stores = stores;
        this.documents = documents;
        this.events = events;
        this.statusPatches = new StatusPatches(events);
        this.clock = clock;
    }

    /** The registry-facing name: spec.name, else metadata.name. */
    public static String repositoryName(Repository repository) {
        return repository.getSpec().name() != null
                ? repository.getSpec().name()
                : repository.getMetadata().getName();
    }

    @Override
    public List<EventSource<?, Repository>> prepareEventSources(EventSourceContext<Repository> context) {
        // a Registry appearing or changing reconciles the Repositories that point at it
        return List.of(new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Registry.class, Repository.class)
                        .withName(REGISTRIES)
                        .withSecondaryToPrimaryMapper(registry -> context.getPrimaryCache()
                                .list(registry.getMetadata().getNamespace())
                                .filter(r -> r.getSpec()
                                        .registryRef()
                                        .name()
                                        .equals(registry.getMetadata().getName()))
                                .map(ResourceID::fromResource)
                                .collect(Collectors.toSet()))
                        .build(),
                context));
    }

    @Override
    public UpdateControl<Repository> reconcile(Repository repository, Context<Repository> context) {
        Optional<Registry> registry = registry(repository, context);
        if (registry.isEmpty()) {
            return statusPatches.patchIfChanged(repository, status(repository, false, Optional.empty(), null));
        }
        RepositorySpec desired;
        try {
            desired = desired(repository);
        } catch (IllegalArgumentException e) {
            return statusPatches.patchIfChanged(
                    repository,
                    status(
                            repository,
                            true,
                            Optional.of(Observation.fails(SYNCED, "InvalidSpec", e.getMessage())),
                            null));
        }
        String clientUrl = RegistryNames.clientUrl(registry.get());
        Address address = new Address(
                RepositoryUsage.url(clientUrl, desired.format(), desired.name()),
                RepositoryUsage.hint(clientUrl, desired.format(), desired.name()));
        Observation synced;
        try {
            ManagedDocuments.Outcome outcome =
                    documents.write(stores.open(registry.get()), desired.documentId(), desired, repository);
            synced = outcome instanceof ManagedDocuments.Outcome.OwnedByOther other
                    ? Observation.fails(
                            SYNCED,
                            "NameTaken",
                            "repository " + desired.name() + " is already declared by " + other.owner())
                    : Observation.holds(
                            SYNCED, "DocumentWritten", "document " + desired.documentId() + " is up to date");
        } catch (DocumentStoreException | IllegalStateException e) {
            throw new FailedWithStatus(
                    e.getMessage(),
                    status(
                            repository,
                            true,
                            Optional.of(Observation.fails(SYNCED, "DatabaseUnreachable", e.getMessage())),
                            address));
        }
        return statusPatches.patchIfChanged(repository, status(repository, true, Optional.of(synced), address));
    }

    @Override
    public DeleteControl cleanup(Repository repository, Context<Repository> context) {
        Optional<Registry> registry = registry(repository, context);
        String id;
        try {
            id = desired(repository).documentId();
        } catch (IllegalArgumentException e) {
            return DeleteControl.defaultDelete(); // never valid, so never written
        }
        if (registry.isEmpty()) {
            return DeleteControl.defaultDelete(); // no database to act on
        }
        // a DocumentStoreException here is retried with backoff
        DocumentStore store = stores.open(registry.get());
        if (repository.getSpec().deletionPolicy() != DeletionPolicy.Delete) {
            documents.remove(store, id, repository); // stored packages stay
            return DeleteControl.defaultDelete();
        }
        RepositoryDeletion request = new RepositoryDeletion(ManagedDocuments.owner(repository), clock.instant());
        boolean pending = documents
                .modify(store, id, repository, request::addTo)
                .filter(document -> ManagedDocuments.isOwnedBy(document.body(), repository))
                .isPresent();
        if (!pending) {
            if (repository.getStatus() != null
                    && Conditions.find(repository.getStatus().getConditions(), PURGED)
                            .isPresent()) {
                events.normal(
                        repository,
                        "Purged",
                        "Delete",
                        "the registry removed repository " + repositoryName(repository) + " and its packages");
            }
            return DeleteControl.defaultDelete(); // purged by the registry, or never ours to purge
        }
        patchStatusIfChanged(
                repository,
                context,
                RepositoryStatusAggregator.purging(
                        repository.getStatus(),
                        repository.getMetadata().getGeneration(),
                        registry.get().getMetadata().getName(),
                        repositoryName(repository),
                        clock.instant()));
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(PURGE_POLL.toMillis());
    }

    /** A cleanup cannot return a status to patch, so it patches here, and only when the status changed. */
    private void patchStatusIfChanged(Repository repository, Context<Repository> context, RepositoryStatus status) {
        RepositoryStatus previous = repository.getStatus();
        if (!status.equals(previous)) {
            if (previous == null
                    || Conditions.find(previous.getConditions(), PURGED).isEmpty()) {
                events.normal(
                        repository,
                        "PurgeRequested",
                        "Delete",
                        "deletionPolicy Delete: the registry removes repository " + repositoryName(repository)
                                + " and its packages");
            }
            // a JSON patch from the status read to the new one (the fabric8 mock merges lists in a merge patch)
            context.getClient().resource(repository).editStatus(current -> {
                current.setStatus(status);
                return current;
            });
        }
    }

    @Override
    public ErrorStatusUpdateControl<Repository> updateErrorStatus(
            Repository repository, Context<Repository> context, Exception e) {
        return statusPatches.onError(repository, e);
    }

    static RepositorySpec desired(Repository repository) {
        RepositoryResourceSpec spec = repository.getSpec();
        MavenOptions maven = spec.maven() == null
                ? null
                : new MavenOptions(spec.maven().versionPolicy(), spec.maven().allowRedeploy());
        return new RepositorySpec(repositoryName(repository), spec.format(), spec.visibility(), maven);
    }

    /** The Registry the Repository points at, from the cache of the Registry informer registered above. */
    private static Optional<Registry> registry(Repository repository, Context<Repository> context) {
        return InformerCache.get(
                context,
                Registry.class,
                REGISTRIES,
                new ResourceID(
                        repository.getSpec().registryRef().name(),
                        repository.getMetadata().getNamespace()));
    }

    private RepositoryStatus status(
            Repository repository, boolean registryFound, Optional<Observation> synced, Address address) {
        return RepositoryStatusAggregator.build(
                repository.getStatus(),
                repository.getMetadata().getGeneration(),
                new RepositoryStatusAggregator.Observed(
                        repository.getSpec().registryRef().name(), registryFound, synced, address),
                clock.instant());
    }
}
