package io.enseada.operator.repository;

import io.enseada.operator.common.Conditions;
import io.enseada.operator.common.Conditions.Observation;
import io.enseada.operator.common.EventRecorder;
import io.enseada.operator.common.FailedWithStatus;
import io.enseada.operator.common.StatusPatches;
import io.enseada.operator.registry.Registry;
import io.enseada.operator.registry.RegistryNames;
import io.enseada.operator.store.ManagedDocuments;
import io.enseada.operator.store.RegistryStores;
import io.enseada.operator.repository.RepositoryResourceSpec.DeletionPolicy;
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
import java.util.ArrayList;
import java.util.List;
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
    public static final String SYNCED = "Synced";
    public static final String REGISTRY_FOUND = "RegistryFound";
    public static final String PURGED = "Purged";
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
        return repository.getSpec().name() != null ? repository.getSpec().name() : repository.getMetadata().getName();
    }

    @Override
    public List<EventSource<?, Repository>> prepareEventSources(EventSourceContext<Repository> context) {
        // a Registry appearing or changing reconciles the Repositories that point at it
        return List.of(new InformerEventSource<>(InformerEventSourceConfiguration.from(Registry.class, Repository.class)
                .withName("repository-registries")
                .withSecondaryToPrimaryMapper(registry -> context.getPrimaryCache()
                        .list(registry.getMetadata().getNamespace())
                        .filter(r -> r.getSpec().registryRef().name().equals(registry.getMetadata().getName()))
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
                .build(), context));
    }

    @Override
    public UpdateControl<Repository> reconcile(Repository repository, Context<Repository> context) {
        Registry registry = registry(repository, context);
        List<Observation> observations = new ArrayList<>();
        String url = null;
        String usage = null;
        if (registry == null) {
            observations.add(Observation.fails(REGISTRY_FOUND, "RegistryNotFound",
                    "Registry " + repository.getSpec().registryRef().name() + " does not exist in this namespace"));
        } else {
            observations.add(Observation.holds(REGISTRY_FOUND, "RegistryFound", "Registry " + registry.getMetadata().getName()));
            RepositorySpec desired;
            try {
                desired = desired(repository);
            } catch (IllegalArgumentException e) {
                observations.add(Observation.fails(SYNCED, "InvalidSpec", e.getMessage()));
                return statusPatches.patchIfChanged(repository, status(repository, observations, null, null));
            }
            String clientUrl = RegistryNames.clientUrl(registry);
            url = RepositoryUsage.url(clientUrl, desired.format(), desired.name());
            usage = RepositoryUsage.hint(clientUrl, desired.format(), desired.name());
            try {
                ManagedDocuments.Outcome outcome = documents.write(stores.open(registry), desired.documentId(), desired, repository);
                observations.add(outcome instanceof ManagedDocuments.Outcome.OwnedByOther other
                        ? Observation.fails(SYNCED, "NameTaken", "repository " + desired.name() + " is already declared by " + other.owner())
                        : Observation.holds(SYNCED, "DocumentWritten", "document " + desired.documentId() + " is up to date"));
            } catch (DocumentStoreException | IllegalStateException e) {
                observations.add(Observation.fails(SYNCED, "DatabaseUnreachable", e.getMessage()));
                throw new FailedWithStatus(e.getMessage(), status(repository, observations, url, usage));
            }
        }
        return statusPatches.patchIfChanged(repository, status(repository, observations, url, usage));
    }

    @Override
    public DeleteControl cleanup(Repository repository, Context<Repository> context) {
        Registry registry = registry(repository, context);
        String id;
        try {
            id = desired(repository).documentId();
        } catch (IllegalArgumentException e) {
            return DeleteControl.defaultDelete(); // never valid, so never written
        }
        if (registry == null) {
            return DeleteControl.defaultDelete(); // no database to act on
        }
        // a DocumentStoreException here is retried with backoff
        DocumentStore store = stores.open(registry);
        if (repository.getSpec().deletionPolicy() != DeletionPolicy.Delete) {
            documents.remove(store, id, repository); // stored packages stay
            return DeleteControl.defaultDelete();
        }
        RepositoryDeletion request = new RepositoryDeletion(ManagedDocuments.owner(repository), clock.instant());
        boolean pending = documents.modify(store, id, repository, request::addTo)
                .filter(document -> ManagedDocuments.isOwnedBy(document.body(), repository))
                .isPresent();
        if (!pending) {
            if (repository.getStatus() != null && Conditions.find(repository.getStatus().getConditions(), PURGED).isPresent()) {
                events.normal(repository, "Purged", "Delete", "the registry removed repository " + repositoryName(repository)
                        + " and its packages");
            }
            return DeleteControl.defaultDelete(); // purged by the registry, or never ours to purge
        }
        patchStatusIfChanged(repository, context, List.of(
                Observation.holds(REGISTRY_FOUND, "RegistryFound", "Registry " + registry.getMetadata().getName()),
                Observation.fails(PURGED, "WaitingForRegistry", "deletionPolicy Delete: waiting for the registry to remove repository "
                        + repositoryName(repository) + " and its packages")));
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(PURGE_POLL.toMillis());
    }

    /** A cleanup cannot return a status to patch, so it patches here, and only when the status changed. */
    private void patchStatusIfChanged(Repository repository, Context<Repository> context, List<Observation> observations) {
        RepositoryStatus previous = repository.getStatus();
        RepositoryStatus status = status(repository, observations,
                previous == null ? null : previous.getUrl(), previous == null ? null : previous.getUsage());
        if (!status.equals(previous)) {
            if (previous == null || Conditions.find(previous.getConditions(), PURGED).isEmpty()) {
                events.normal(repository, "PurgeRequested", "Delete", "deletionPolicy Delete: the registry removes repository "
                        + repositoryName(repository) + " and its packages");
            }
            // a JSON patch from the status read to the new one (the fabric8 mock merges lists in a merge patch)
            context.getClient().resource(repository).editStatus(current -> {
                current.setStatus(status);
                return current;
            });
        }
    }

    @Override
    public ErrorStatusUpdateControl<Repository> updateErrorStatus(Repository repository, Context<Repository> context, Exception e) {
        return statusPatches.onError(repository, e);
    }

    static RepositorySpec desired(Repository repository) {
        RepositoryResourceSpec spec = repository.getSpec();
        MavenOptions maven = spec.maven() == null ? null : new MavenOptions(spec.maven().versionPolicy(), spec.maven().allowRedeploy());
        return new RepositorySpec(repositoryName(repository), spec.format(), spec.visibility(), maven);
    }

    private static Registry registry(Repository repository, Context<Repository> context) {
        return context.getClient().resources(Registry.class).inNamespace(repository.getMetadata().getNamespace())
                .withName(repository.getSpec().registryRef().name()).get();
    }

    private RepositoryStatus status(Repository repository, List<Observation> observations, String url, String usage) {
        RepositoryStatus status = new RepositoryStatus();
        long generation = repository.getMetadata().getGeneration();
        status.setObservedGeneration(generation);
        status.setConditions(Conditions.build(repository.getStatus() == null ? List.of() : repository.getStatus().getConditions(),
                observations, generation, clock.instant()));
        status.setUrl(url);
        status.setUsage(usage);
        return status;
    }
}
