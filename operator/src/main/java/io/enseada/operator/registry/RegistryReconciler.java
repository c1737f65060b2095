package io.enseada.operator.registry;

import static io.enseada.operator.common.ManagedInformers.watchingManaged;

import io.enseada.operator.common.EventRecorder;
import io.enseada.operator.common.FailedWithStatus;
import io.enseada.operator.common.InformerCache;
import io.enseada.operator.common.Labels;
import io.enseada.operator.common.StatusPatches;
import io.enseada.shared.store.DocumentStoreException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Workflow;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a Registry into its ConfigMap, Deployment, Service, optional Ingress and
 * PodDisruptionBudget, a generated token signing key and admin password when it brings none,
 * and its CouchDB database, whose credentials Secret it holds while it exists
 * ({@link DatabaseSecretHold}). Every reconcile checks the database and the blob storage (the bucket
 * with the Registry's credentials, {@link S3BucketCheck}, or the claim, {@link ClaimStorage}) after
 * the objects are written, so a dependency that fails holds up nothing but the Registry's Ready;
 * while the database or the bucket fails the reconcile is retried with backoff. A spec the schema
 * cannot refuse (two storages, a shared volume that is not shared) is refused here with a
 * condition, and nothing is produced for it. Deleting a Registry first
 * revokes every token its AccessPolicies minted (finalizer): its pods keep serving until the
 * garbage collector removes them, and the database outlives them.
 */
@ControllerConfiguration(name = "registry")
public class RegistryReconciler implements Reconciler<Registry>, Cleaner<Registry> {
    static final String REFERENCED_SECRETS = "registry-referenced-secrets";
    static final String CLAIMS = "registry-claims";
    private static final Logger LOG = LoggerFactory.getLogger(RegistryReconciler.class);

    private final RegistryStores stores;
    private final MintedTokens tokens;
    private final EventRecorder events;
    private final StatusPatches statusPatches;
    private final Clock clock;
    private final RegistryDeployment deployment;
    /** The Secrets the operator generates, first: the Deployment hashes the versions of the Secrets it reads. */
    private final Workflow<Registry> generatedSecrets;

    private final Workflow<Registry> objects;
    private final S3BucketCheck bucketCheck = new S3BucketCheck();

    /**
     * @param registryImage   the image of a Registry that names none
     * @param serverSideApply whether the dependents are written with server-side apply
     */
    public RegistryReconciler(
            String registryImage,
            boolean serverSideApply,
            RegistryStores stores,
            MintedTokens tokens,
            EventRecorder events,
            Clock clock,
            SecureRandom random,
            com.fasterxml.jackson.databind.ObjectMapper mapper) {
        this.stores = stores;
        this.tokens = tokens;
        this.events = events;
        this.statusPatches = new StatusPatches(events);
        this.clock = clock;
        boolean ssa = serverSideApply;
        this.generatedSecrets = new WorkflowBuilder<Registry>()
                .addDependentResourceAndConfigure(generated(GeneratedSecret.signingKey(random), ssa))
                .withReconcilePrecondition(new NoSecretInSpec(RegistrySpec::tokenSigningKey))
                .addDependentResourceAndConfigure(generated(GeneratedSecret.adminPassword(random), ssa))
                .withReconcilePrecondition(new NoSecretInSpec(RegistrySpec::adminPassword))
                .build();
        RegistryConfigMap configMap = watchingManaged(new RegistryConfigMap(), ConfigMap.class, ssa, null);
        this.deployment = watchingManaged(new RegistryDeployment(registryImage, mapper), Deployment.class, ssa, null);
        RegistryService service = watchingManaged(new RegistryService(), Service.class, ssa, null);
        // in the order they were always written: the pods find their ConfigMap, the Ingress its Service
        this.objects = new WorkflowBuilder<Registry>()
                .addDependentResource(configMap)
                .addDependentResourceAndConfigure(deployment)
                .dependsOn(configMap)
                .addDependentResourceAndConfigure(service)
                .dependsOn(deployment)
                .addDependentResourceAndConfigure(watchingManaged(new RegistryIngress(), Ingress.class, ssa, null))
                .dependsOn(service)
                .withReconcilePrecondition(new IngressRequested())
                .addDependentResourceAndConfigure(
                        watchingManaged(new RegistryDisruptionBudget(), PodDisruptionBudget.class, ssa, null))
                .dependsOn(service)
                .withReconcilePrecondition(new SeveralReplicas())
                .build();
    }

    @Override
    public List<EventSource<?, Registry>> prepareEventSources(EventSourceContext<Registry> context) {
        List<EventSource<?, Registry>> sources =
                new ArrayList<>(EventSourceUtils.eventSourcesFromWorkflow(context, generatedSecrets));
        sources.addAll(EventSourceUtils.eventSourcesFromWorkflow(context, objects));
        // Secrets the pods read (credentials, TLS): a change rolls the Deployment through its config hash.
        sources.add(new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Secret.class, Registry.class)
                        .withName(REFERENCED_SECRETS)
                        .withSecondaryToPrimaryMapper(secret -> context.getPrimaryCache()
                                .list(secret.getMetadata().getNamespace())
                                .filter(registry -> RegistryEnvironment.referencedSecrets(registry)
                                        .contains(secret.getMetadata().getName()))
                                .map(ResourceID::fromResource)
                                .collect(Collectors.toSet()))
                        .build(),
                context));
        // the claim of filesystem storage: one created (or changed) after its Registry is noticed at once
        sources.add(new InformerEventSource<>(
                InformerEventSourceConfiguration.from(PersistentVolumeClaim.class, Registry.class)
                        .withName(CLAIMS)
                        .withSecondaryToPrimaryMapper(claim -> context.getPrimaryCache()
                                .list(claim.getMetadata().getNamespace())
                                .filter(registry ->
                                        claim.getMetadata().getName().equals(claimName(registry)))
                                .map(ResourceID::fromResource)
                                .collect(Collectors.toSet()))
                        .build(),
                context));
        return sources;
    }

    @Override
    public UpdateControl<Registry> reconcile(Registry registry, Context<Registry> context) {
        RegistrySpec spec = registry.getSpec();
        String namespace = registry.getMetadata().getNamespace();
        holdDatabaseSecrets(context, namespace, null);
        String claimName = claimName(registry);
        // from the informer's cache by name: the spec may have just named another claim
        PersistentVolumeClaim claim = claimName == null
                ? null
                : InformerCache.get(context, PersistentVolumeClaim.class, CLAIMS, new ResourceID(claimName, namespace))
                        .orElse(null);
        Optional<RegistryValidation.Problem> problem = RegistryValidation.check(spec, claim);
        if (problem.isPresent()) {
            LOG.info(
                    "Registry {}/{} refused: {}",
                    namespace,
                    registry.getMetadata().getName(),
                    problem.get().message());
            // the claim is known without a request; a bucket is not worth asking about for a spec that is refused
            Optional<StorageHealth> storage =
                    claimName == null ? Optional.empty() : Optional.of(ClaimStorage.of(claimName, claim));
            return statusPatches.patchIfChanged(
                    registry,
                    observed(
                            registry,
                            problem,
                            Optional.empty(),
                            storage,
                            new RegistryStatusAggregator.Pods(0, 0, spec.replicasOrDefault(), false)));
        }

        // each throws what failed (JOSDK aggregates it), having written what does not depend on it
        generatedSecrets.reconcile(registry, context);
        objects.reconcile(registry, context);

        RegistryStatusAggregator.Pods pods = RegistryStatusAggregator.Pods.of(
                deployment.getSecondaryResource(registry, context).orElse(null), spec.replicasOrDefault());
        Optional<String> databaseError = Optional.empty();
        try {
            if (!stores.open(registry).ping()) {
                databaseError = Optional.of("CouchDB at " + spec.couchdb().url() + " does not answer");
            }
        } catch (DocumentStoreException | IllegalStateException e) {
            databaseError = Optional.of(e.getMessage());
        }
        StorageHealth storage = claimName != null
                ? ClaimStorage.of(claimName, claim)
                : bucketCheck.check(spec.storage().s3(), s3Secret(registry, context));
        RegistryStatus status = observed(registry, Optional.empty(), databaseError, Optional.of(storage), pods);
        // a claim that binds is an event (the claim informer); a bucket that comes back is not: ask again with backoff
        boolean storageRetry = !storage.ready() && claimName == null;
        if (databaseError.isPresent() || storageRetry) {
            // retried with backoff; updateErrorStatus stores the conditions
            throw new FailedWithStatus(
                    Stream.concat(databaseError.stream(), storageRetry ? Stream.of(storage.message()) : Stream.empty())
                            .collect(Collectors.joining("; ")),
                    status);
        }
        return statusPatches.patchIfChanged(registry, status);
    }

    /**
     * The Secret with the S3 credentials, from the cache of referenced Secrets: a change to it (or
     * its creation) brings a reconcile, and so a new check. The last reconciles of a stopping
     * operator find its caches emptied ({@link InformerCache}), and must not turn StorageReady False
     * with CredentialsMissing.
     */
    private static Secret s3Secret(Registry registry, Context<Registry> context) {
        RegistrySpec.S3CredentialsSpec credentials =
                registry.getSpec().storage().s3().credentials();
        if (credentials == null) {
            return null;
        }
        String namespace = registry.getMetadata().getNamespace();
        return InformerCache.get(
                        context, Secret.class, REFERENCED_SECRETS, new ResourceID(credentials.secretName(), namespace))
                .orElse(null);
    }

    @Override
    public DeleteControl cleanup(Registry registry, Context<Registry> context) {
        // a DocumentStoreException or a missing Secret is retried with backoff, and the finalizer stays until it works
        List<String> revoked = tokens.revokeAllOfNamespace(
                stores.open(registry), registry.getMetadata().getNamespace());
        holdDatabaseSecrets(context, registry.getMetadata().getNamespace(), registry);
        LOG.info(
                "Registry {}/{} deleted: revoked tokens {}",
                registry.getMetadata().getNamespace(),
                registry.getMetadata().getName(),
                revoked);
        events.normal(
                registry,
                "TokensRevoked",
                "Delete",
                revoked.size() + " tokens of this namespace's AccessPolicies revoked: " + revoked);
        return DeleteControl.defaultDelete();
    }

    /** The CouchDB credentials of the namespace's Registries stay until they are gone ({@link DatabaseSecretHold}). */
    @SuppressWarnings("unchecked")
    private static void holdDatabaseSecrets(Context<Registry> context, String namespace, Registry gone) {
        List<Registry> live = context.getPrimaryCache()
                .list(namespace)
                .filter(r -> gone == null
                        || !r.getMetadata().getUid().equals(gone.getMetadata().getUid()))
                .toList();
        DatabaseSecretHold.update(
                context.getClient(),
                (InformerEventSource<Secret, Registry>)
                        context.eventSourceRetriever().getEventSourceFor(Secret.class, REFERENCED_SECRETS),
                namespace,
                live);
    }

    private static GeneratedSecret generated(GeneratedSecret secret, boolean serverSideApply) {
        return watchingManaged(secret, Secret.class, serverSideApply, Labels.COMPONENT + "=" + secret.component());
    }

    private static String claimName(Registry registry) {
        RegistrySpec.FilesystemSpec filesystem = registry.getSpec().storage().filesystem();
        return filesystem == null ? null : filesystem.claimName();
    }

    @Override
    public ErrorStatusUpdateControl<Registry> updateErrorStatus(
            Registry registry, Context<Registry> context, Exception e) {
        return statusPatches.onError(registry, e);
    }

    private RegistryStatus observed(
            Registry registry,
            Optional<RegistryValidation.Problem> problem,
            Optional<String> databaseError,
            Optional<StorageHealth> storage,
            RegistryStatusAggregator.Pods pods) {
        return RegistryStatusAggregator.build(
                registry.getStatus(),
                registry.getMetadata().getGeneration(),
                new RegistryStatusAggregator.Observed(
                        problem, databaseError, storage, pods, RegistryNames.clientUrl(registry)),
                clock.instant());
    }
}
