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
import io.enseada.shared.model.ProxyOptions;
import io.enseada.shared.model.RepositoryDeletion;
import io.enseada.shared.model.RepositorySpec;
import io.enseada.shared.store.DocumentStore;
import io.enseada.shared.store.DocumentStoreException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
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
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Writes a Repository's document ({@code repository:<name>}) into its Registry's database, puts it
 * back when it drifts (every resync), and removes it when the resource is deleted (finalizer). A
 * proxy's document carries the values of its credentials Secret (which never reach its status); a
 * group's is written only while its members are Repositories of the same Registry and format, in
 * no cycle. A proxy's status also tells whether its upstream answers; every repository's status
 * shows the registry's report of its last storage lifecycle run ({@code lifecycle:<name>}), read
 * at each reconcile, so a run shows at the next resync. With
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
    static final String SECRETS = "repository-secrets";
    static final String MEMBERS = "repository-members";
    /** How often a deleted Repository checks whether the registry has finished purging it. */
    static final Duration PURGE_POLL = Duration.ofSeconds(5);

    private final RegistryStores stores;
    private final ManagedDocuments documents;
    private final EventRecorder events;
    private final StatusPatches statusPatches;
    private final UpstreamProbe upstreams;
    private final LifecycleDocuments lifecycles;
    private final Clock clock;

    public RepositoryReconciler(
            RegistryStores stores,
            ManagedDocuments documents,
            EventRecorder events,
            UpstreamProbe upstreams,
            LifecycleDocuments lifecycles,
            Clock clock) {
        this.stores = stores;
        this.documents = documents;
        this.lifecycles = lifecycles;
        this.events = events;
        this.upstreams = upstreams;
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
        return List.of(
                // a Registry appearing or changing reconciles the Repositories that point at it
                new InformerEventSource<>(
                        InformerEventSourceConfiguration.from(Registry.class, Repository.class)
                                .withName(REGISTRIES)
                                .withSecondaryToPrimaryMapper(registry -> inNamespace(
                                        context,
                                        registry,
                                        r -> r.getSpec()
                                                .registryRef()
                                                .name()
                                                .equals(registry.getMetadata().getName())))
                                .build(),
                        context),
                // a proxy's credentials Secret created or changed: its values go into the document at once
                new InformerEventSource<>(
                        InformerEventSourceConfiguration.from(Secret.class, Repository.class)
                                .withName(SECRETS)
                                .withSecondaryToPrimaryMapper(secret -> inNamespace(
                                        context,
                                        secret,
                                        r -> secret.getMetadata().getName().equals(credentialsSecret(r))))
                                .build(),
                        context),
                // a Repository declared, changed or deleted: the groups of its Registry check their members again
                new InformerEventSource<>(
                        InformerEventSourceConfiguration.from(Repository.class, Repository.class)
                                .withName(MEMBERS)
                                .withOnUpdateFilter((now, before) -> !Objects.equals(
                                        now.getMetadata().getGeneration(),
                                        before.getMetadata().getGeneration()))
                                .withSecondaryToPrimaryMapper(member -> inNamespace(
                                        context,
                                        member,
                                        r -> r.getSpec().group() != null
                                                && r.getSpec()
                                                        .registryRef()
                                                        .name()
                                                        .equals(member.getSpec()
                                                                .registryRef()
                                                                .name())))
                                .build(),
                        context));
    }

    private static Set<ResourceID> inNamespace(
            EventSourceContext<Repository> context, HasMetadata secondary, Predicate<Repository> wanted) {
        return context.getPrimaryCache()
                .list(secondary.getMetadata().getNamespace())
                .filter(wanted)
                .map(ResourceID::fromResource)
                .collect(Collectors.toSet());
    }

    private static String credentialsSecret(Repository repository) {
        RepositoryResourceSpec.ProxySpec proxy = repository.getSpec().proxy();
        return proxy == null || proxy.credentials() == null
                ? null
                : proxy.credentials().secretName();
    }

    @Override
    public UpdateControl<Repository> reconcile(Repository repository, Context<Repository> context) {
        Optional<Registry> registry = registry(repository, context);
        if (registry.isEmpty()) {
            return statusPatches.patchIfChanged(
                    repository,
                    status(repository, false, Optional.empty(), null, Optional.empty(), LifecycleReport.UNREAD));
        }
        RepositorySpec declared;
        try {
            declared = RepositoryDocument.of(repository, null);
        } catch (IllegalArgumentException e) {
            return statusPatches.patchIfChanged(
                    repository,
                    status(
                            repository,
                            true,
                            Optional.of(Observation.fails(SYNCED, "InvalidSpec", e.getMessage())),
                            null,
                            Optional.empty(),
                            LifecycleReport.UNREAD));
        }
        String clientUrl = RegistryNames.clientUrl(registry.get());
        Address address = new Address(
                RepositoryUsage.url(clientUrl, declared.format(), declared.name()),
                RepositoryUsage.hint(clientUrl, declared.format(), declared.name()));
        // once per reconcile, and bounded: it tells, it does not decide whether the document is written
        Optional<Observation> upstream = declared.proxy() == null
                ? Optional.empty()
                : Optional.of(upstreams.probe(declared.proxy().url()));
        RepositorySpec desired;
        // where no document is written this time, the status keeps what it showed of the lifecycle
        try {
            desired = complete(repository, declared, context);
        } catch (Refused refused) {
            // the document stays as it was: a registry serving it keeps doing so until the spec is mended
            return statusPatches.patchIfChanged(
                    repository,
                    status(
                            repository,
                            true,
                            Optional.of(refused.observation),
                            address,
                            upstream,
                            LifecycleReport.UNREAD));
        }
        Observation synced;
        LifecycleReport lifecycle;
        try {
            DocumentStore store = stores.open(registry.get());
            ManagedDocuments.Outcome outcome = documents.write(store, desired.documentId(), desired, repository);
            synced = outcome instanceof ManagedDocuments.Outcome.OwnedByOther other
                    ? Observation.fails(
                            SYNCED,
                            "NameTaken",
                            "repository " + desired.name() + " is already declared by " + other.owner())
                    : Observation.holds(
                            SYNCED, "DocumentWritten", "document " + desired.documentId() + " is up to date");
            // another resource's repository of that name: its report is not this resource's to show
            lifecycle = outcome instanceof ManagedDocuments.Outcome.OwnedByOther
                    ? LifecycleReport.NO_RUN
                    : lifecycles.read(store, desired.name());
        } catch (DocumentStoreException | IllegalStateException e) {
            throw new FailedWithStatus(
                    e.getMessage(),
                    status(
                            repository,
                            true,
                            Optional.of(Observation.fails(SYNCED, "DatabaseUnreachable", e.getMessage())),
                            address,
                            upstream,
                            LifecycleReport.UNREAD));
        }
        return statusPatches.patchIfChanged(
                repository, status(repository, true, Optional.of(synced), address, upstream, lifecycle));
    }

    /**
     * The document to write: a group whose members its Registry can serve, a proxy with the
     * values of its credentials Secret.
     */
    private static RepositorySpec complete(Repository repository, RepositorySpec declared, Context<Repository> context)
            throws Refused {
        String namespace = repository.getMetadata().getNamespace();
        if (declared.group() != null) {
            String registry = repository.getSpec().registryRef().name();
            List<Repository> sameRegistry = InformerCache.list(
                            context,
                            Repository.class,
                            MEMBERS,
                            namespace,
                            r -> r.getSpec().registryRef().name().equals(registry))
                    .toList();
            Optional<String> problem = GroupMembers.problem(declared, sameRegistry);
            if (problem.isPresent()) {
                throw new Refused(Observation.fails(SYNCED, GroupMembers.INVALID_MEMBER, problem.get()));
            }
        }
        String secretName = credentialsSecret(repository);
        if (secretName == null) {
            return declared;
        }
        Optional<Secret> secret =
                InformerCache.get(context, Secret.class, SECRETS, new ResourceID(secretName, namespace));
        ProxyCredentials.Lookup lookup = ProxyCredentials.from(secretName, secret);
        if (lookup instanceof ProxyCredentials.Lookup.Refused refused) {
            throw new Refused(Observation.fails(SYNCED, refused.reason(), refused.message()));
        }
        ProxyOptions proxy = declared.proxy();
        return declared.withProxy(new ProxyOptions(
                proxy.url(),
                ((ProxyCredentials.Lookup.Found) lookup).credentials(),
                proxy.metadataMaxAge(),
                proxy.negativeCacheTtl()));
    }

    /** Why a declared repository's document is not written, as its Synced condition. */
    private static final class Refused extends Exception {
        private final transient Observation observation;

        Refused(Observation observation) {
            super(observation.message(), null, false, false);
            this.observation = observation;
        }
    }

    @Override
    public DeleteControl cleanup(Repository repository, Context<Repository> context) {
        Optional<Registry> registry = registry(repository, context);
        String id;
        try {
            id = RepositoryDocument.of(repository, null).documentId();
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
            Repository repository,
            boolean registryFound,
            Optional<Observation> synced,
            Address address,
            Optional<Observation> upstream,
            LifecycleReport lifecycle) {
        return RepositoryStatusAggregator.build(
                repository.getStatus(),
                repository.getMetadata().getGeneration(),
                new RepositoryStatusAggregator.Observed(
                        repository.getSpec().registryRef().name(), registryFound, synced, address, upstream, lifecycle),
                clock.instant());
    }
}
