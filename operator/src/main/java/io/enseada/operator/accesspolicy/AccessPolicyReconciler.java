package io.enseada.operator.accesspolicy;

import static io.enseada.operator.accesspolicy.AccessPolicyStatusAggregator.CREDENTIALS_READY;
import static io.enseada.operator.accesspolicy.AccessPolicyStatusAggregator.SYNCED;
import static io.enseada.operator.common.ManagedInformers.watchingManaged;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.operator.common.Conditions.Observation;
import io.enseada.operator.common.EventRecorder;
import io.enseada.operator.common.FailedWithStatus;
import io.enseada.operator.common.InformerCache;
import io.enseada.operator.common.IsoDurations;
import io.enseada.operator.common.Labels;
import io.enseada.operator.common.SecretValues;
import io.enseada.operator.common.StatusPatches;
import io.enseada.operator.registry.Registry;
import io.enseada.operator.registry.RegistryNames;
import io.enseada.operator.registry.RegistryStores;
import io.enseada.operator.repository.Repository;
import io.enseada.operator.repository.RepositoryReconciler;
import io.enseada.operator.store.ManagedDocuments;
import io.enseada.shared.model.Format;
import io.enseada.shared.model.Glob;
import io.enseada.shared.model.PolicyRule;
import io.enseada.shared.model.PolicySpec;
import io.enseada.shared.model.TokenRecord;
import io.enseada.shared.model.TokenSecret;
import io.enseada.shared.store.DocumentStore;
import io.enseada.shared.store.DocumentStoreException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
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
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an AccessPolicy's document ({@code policy:<namespace>.<name>}) into its Registry's
 * database and, with {@code credentials}, its robot ({@code robot:<namespace>.<name>}, added to
 * the policy's subjects), the robot's token (only the hash; the value goes to the Secret alone)
 * and the Secret in the requested forms. Tokens rotate per {@link TokenRotation}. Every resync
 * puts back a policy or robot document changed behind the operator's back, and a token whose
 * document vanished is replaced. Deleting the resource deletes the policy and the robot and
 * revokes the tokens (finalizer).
 */
@ControllerConfiguration(name = "accesspolicy")
public class AccessPolicyReconciler implements Reconciler<AccessPolicy>, Cleaner<AccessPolicy> {
    static final String REGISTRIES = "accesspolicy-registries";
    static final String REPOSITORIES = "accesspolicy-repositories";
    private static final Logger LOG = LoggerFactory.getLogger(AccessPolicyReconciler.class);

    private final RegistryStores stores;
    private final ManagedDocuments documents;
    private final EventRecorder events;
    private final StatusPatches statusPatches;
    private final RobotAccounts robots;
    private final CredentialsSecret secret;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Duration grace;
    private final Duration resync;

    /**
     * @param tokenGracePeriod how long a replaced token keeps working
     * @param resyncPeriod     the controller's resync; a token check due later is left to it, so
     *                         drift is still repaired every resync
     */
    public AccessPolicyReconciler(
            RegistryStores stores,
            ManagedDocuments documents,
            RobotAccounts robots,
            EventRecorder events,
            ObjectMapper mapper,
            Clock clock,
            Duration tokenGracePeriod,
            Duration resyncPeriod,
            boolean serverSideApply) {
        this.stores = stores;
        this.documents = documents;
        this.events = events;
        this.statusPatches = new StatusPatches(events);
        this.robots = robots;
        this.mapper = mapper;
        this.clock = clock;
        this.grace = tokenGracePeriod;
        this.resync = resyncPeriod;
        this.secret = watchingManaged(
                new CredentialsSecret(),
                Secret.class,
                serverSideApply,
                Labels.COMPONENT + "=" + CredentialsSecret.COMPONENT);
    }

    @Override
    public List<EventSource<?, AccessPolicy>> prepareEventSources(EventSourceContext<AccessPolicy> context) {
        List<EventSource<?, AccessPolicy>> sources =
                new ArrayList<>(EventSourceUtils.dependentEventSources(context, secret));
        // a Registry appearing reconciles its policies; a Repository appearing may change the .npmrc
        sources.add(new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Registry.class, AccessPolicy.class)
                        .withName(REGISTRIES)
                        .withSecondaryToPrimaryMapper(registry -> policiesOf(
                                context, registry, registry.getMetadata().getName()))
                        .build(),
                context));
        sources.add(new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Repository.class, AccessPolicy.class)
                        .withName(REPOSITORIES)
                        .withSecondaryToPrimaryMapper(repository -> policiesOf(
                                context,
                                repository,
                                repository.getSpec().registryRef().name()))
                        .build(),
                context));
        return sources;
    }

    private static java.util.Set<ResourceID> policiesOf(
            EventSourceContext<AccessPolicy> context, HasMetadata object, String registry) {
        return context.getPrimaryCache()
                .list(object.getMetadata().getNamespace())
                .filter(policy -> policy.getSpec().registryRef().name().equals(registry))
                .map(ResourceID::fromResource)
                .collect(Collectors.toSet());
    }

    @Override
    public UpdateControl<AccessPolicy> reconcile(AccessPolicy policy, Context<AccessPolicy> context) {
        Registry registry = registry(policy, context);
        boolean wantsCredentials = policy.getSpec().credentials() != null;
        String robot = wantsCredentials ? AccessPolicyNames.robotSubject(policy) : null;
        String secretName = wantsCredentials ? AccessPolicyNames.secret(policy) : null;
        if (registry == null || registry.isMarkedForDeletion()) {
            // a Registry being deleted revokes its policies' tokens (its finalizer): mint none for it
            return registryGone(policy, registry, robot, secretName);
        }
        PolicySpec desired;
        Duration rotateAfter;
        try {
            desired = desired(policy);
            rotateAfter = wantsCredentials && policy.getSpec().credentials().rotateAfter() != null
                    ? IsoDurations.parse(policy.getSpec().credentials().rotateAfter())
                    : null;
        } catch (IllegalArgumentException e) {
            return statusPatches.patchIfChanged(
                    policy,
                    status(
                            policy,
                            Observation.fails(SYNCED, "InvalidSpec", e.getMessage()),
                            Observation.unknown(CREDENTIALS_READY, "InvalidSpec", "the spec is not valid"),
                            robot,
                            secretName,
                            null));
        }

        Observation synced = null;
        try {
            DocumentStore store = stores.open(registry);
            ManagedDocuments.Outcome outcome = documents.write(store, desired.documentId(), desired, policy);
            if (outcome instanceof ManagedDocuments.Outcome.OwnedByOther other) {
                synced = Observation.fails(
                        SYNCED, "NameTaken", "policy " + desired.name() + " is already declared by " + other.owner());
                return statusPatches.patchIfChanged(
                        policy,
                        status(
                                policy,
                                synced,
                                Observation.unknown(
                                        CREDENTIALS_READY, "PolicyNotSynced", "no credentials without the policy"),
                                robot,
                                secretName,
                                null));
            }
            synced =
                    Observation.holds(SYNCED, "DocumentWritten", "document " + desired.documentId() + " is up to date");
            if (!wantsCredentials) {
                // retiring scans the tokens, so only when there was a robot: by the status, or by its document
                boolean hadRobot = policy.getStatus() != null
                                && policy.getStatus().getRobot() != null
                        || store.get(AccessPolicyNames.robotDocument(policy)).isPresent();
                if (hadRobot) {
                    List<String> revoked = robots.retire(store, policy);
                    LOG.info(
                            "AccessPolicy {}: credentials no longer requested, revoked tokens {}",
                            describe(policy),
                            revoked);
                    events.normal(
                            policy,
                            "CredentialsRevoked",
                            "Revoke",
                            "credentials no longer requested: robot deleted, tokens " + revoked + " revoked");
                }
                deleteSecretsOtherThan(null, context);
                return statusPatches.patchIfChanged(
                        policy, status(policy, synced, AccessPolicyStatusAggregator.notRequested(), null, null, null));
            }
            return credentials(policy, context, registry, store, synced, rotateAfter);
        } catch (DocumentStoreException | IllegalStateException e) {
            Observation down = Observation.fails(
                    synced == null ? SYNCED : CREDENTIALS_READY, "DatabaseUnreachable", e.getMessage());
            throw new FailedWithStatus(
                    e.getMessage(),
                    synced == null
                            ? status(
                                    policy,
                                    down,
                                    Observation.unknown(
                                            CREDENTIALS_READY, "DatabaseUnreachable", "waiting for the database"),
                                    robot,
                                    secretName,
                                    previousToken(policy))
                            : status(policy, synced, down, robot, secretName, previousToken(policy)));
        }
    }

    /** Robot, token and Secret; the policy document is already written. */
    private UpdateControl<AccessPolicy> credentials(
            AccessPolicy policy,
            Context<AccessPolicy> context,
            Registry registry,
            DocumentStore store,
            Observation synced,
            Duration rotateAfter) {
        String robot = AccessPolicyNames.robotSubject(policy);
        String secretName = AccessPolicyNames.secret(policy);
        if (robots.ensureRobot(store, policy) instanceof ManagedDocuments.Outcome.OwnedByOther other) {
            return statusPatches.patchIfChanged(
                    policy,
                    status(
                            policy,
                            synced,
                            Observation.fails(
                                    CREDENTIALS_READY,
                                    "RobotNameTaken",
                                    "robot " + AccessPolicyNames.robot(policy) + " already exists, made by "
                                            + other.owner()),
                            robot,
                            secretName,
                            null));
        }
        Instant now = clock.instant();
        Optional<Secret> actual = secret.getSecondaryResource(policy, context);
        Optional<TokenSecret> inSecret = actual.flatMap(s -> SecretValues.get(s, CredentialsSecret.TOKEN_KEY))
                .flatMap(TokenSecret::parse);
        Optional<TokenRecord> record = inSecret.flatMap(t -> robots.token(store, policy, t.id()));
        TokenRotation.Decision decision = TokenRotation.decide(inSecret, record, rotateAfter, now);
        TokenSecret current;
        TokenRecord currentRecord;
        if (decision instanceof TokenRotation.Decision.Keep keep) {
            current = keep.token();
            currentRecord = keep.record();
        } else {
            RobotAccounts.Minted minted =
                    robots.mint(store, policy, now, TokenRotation.expiresAt(now, rotateAfter, grace));
            Registry after = registryNow(policy, context);
            if (after == null || after.isMarkedForDeletion()) {
                // deleted while minting: the Registry's revocation may have run before this token existed
                robots.revoke(store, policy, List.of(minted.record()));
                return registryGone(policy, after, robot, secretName);
            }
            String because = ((TokenRotation.Decision.Mint) decision).reason();
            LOG.info(
                    "AccessPolicy {}: new token {} for {} because {}",
                    describe(policy),
                    minted.record().id(),
                    robot,
                    because);
            events.normal(
                    policy,
                    inSecret.isPresent() ? "TokenRotated" : "TokenIssued",
                    "Mint",
                    "token " + minted.record().id() + " for " + robot + " written to Secret " + secretName + ": "
                            + because);
            current = minted.secret();
            currentRecord = minted.record();
        }

        Secret desired = CredentialsSecret.build(
                policy,
                new CredentialForms(
                        RegistryNames.clientUrl(registry),
                        AccessPolicyNames.robot(policy),
                        current.value(),
                        npmRepositories(policy, context),
                        policy.getSpec().credentials().mavenServerId()),
                mapper);
        AccessPolicyStatusAggregator.TokenInfo token =
                new AccessPolicyStatusAggregator.TokenInfo(current.id(), currentRecord.createdAt());
        try {
            if (actual.isPresent() && !Objects.equals(actual.get().getType(), desired.getType())) {
                secret.delete(policy, context); // a Secret's type cannot change; the next reconcile creates it anew
            }
            secret.reconcile(policy, context, desired);
            deleteSecretsOtherThan(secretName, context);
        } catch (KubernetesClientException e) {
            // the exception may carry the request; say only what failed
            String message = "could not write Secret " + secretName + ": HTTP " + e.getCode();
            throw new FailedWithStatus(
                    message,
                    status(
                            policy,
                            synced,
                            Observation.fails(CREDENTIALS_READY, "SecretNotWritten", message),
                            robot,
                            secretName,
                            token));
        }

        // the Secret holds the current token: tokens it replaced stop working after the grace period
        List<TokenRecord> replaced = robots.tokens(store, policy).stream()
                .filter(t -> !t.id().equals(current.id()) && !t.revoked())
                .toList();
        boolean retire = TokenRotation.retireReplaced(currentRecord, grace, now);
        if (retire && !replaced.isEmpty()) {
            List<String> revoked = robots.revoke(store, policy, replaced);
            LOG.info("AccessPolicy {}: revoked replaced tokens {}", describe(policy), revoked);
            if (!revoked.isEmpty()) {
                events.normal(
                        policy,
                        "TokensRevoked",
                        "Revoke",
                        "replaced tokens " + revoked + " revoked after the grace period");
            }
        }
        boolean replacedStillValid = !retire && replaced.stream().anyMatch(t -> t.usableAt(now));
        AccessPolicyStatus status = status(
                policy,
                synced,
                Observation.holds(
                        CREDENTIALS_READY,
                        "SecretWritten",
                        "Secret " + secretName + " holds token " + current.id() + " of " + robot),
                robot,
                secretName,
                token);
        UpdateControl<AccessPolicy> control = statusPatches.patchIfChanged(policy, status);
        Optional<Duration> next = TokenRotation.nextCheck(currentRecord, rotateAfter, grace, replacedStillValid, now);
        // rescheduling replaces the resync for this round: only when the check is due sooner
        return next.isPresent() && next.get().compareTo(resync) < 0 ? control.rescheduleAfter(next.get()) : control;
    }

    @Override
    public DeleteControl cleanup(AccessPolicy policy, Context<AccessPolicy> context) {
        Registry registry = registry(policy, context);
        if (registry != null) {
            // a DocumentStoreException here is retried with backoff, and the finalizer stays until it works
            DocumentStore store = stores.open(registry);
            documents.remove(store, AccessPolicyNames.policyDocument(policy), policy);
            List<String> revoked = robots.retire(store, policy);
            if (!revoked.isEmpty()) {
                LOG.info("AccessPolicy {} deleted: revoked tokens {}", describe(policy), revoked);
            }
        }
        deleteSecretsOtherThan(null, context);
        return DeleteControl.defaultDelete();
    }

    @Override
    public ErrorStatusUpdateControl<AccessPolicy> updateErrorStatus(
            AccessPolicy policy, Context<AccessPolicy> context, Exception e) {
        return statusPatches.onError(policy, e);
    }

    /** Secrets this policy owns under another name (credentials removed, secretName changed); all with null. */
    private static void deleteSecretsOtherThan(String keep, Context<AccessPolicy> context) {
        context.getSecondaryResourcesAsStream(Secret.class)
                .filter(s -> !s.getMetadata().getName().equals(keep))
                .forEach(s -> context.getClient().resource(s).delete());
    }

    /** The registry-side policy: the spec's subjects and rules, plus the policy's own robot. */
    static PolicySpec desired(AccessPolicy policy) {
        List<String> subjects = new ArrayList<>(policy.getSpec().subjectsOrEmpty());
        if (policy.getSpec().credentials() != null && !subjects.contains(AccessPolicyNames.robotSubject(policy))) {
            subjects.add(AccessPolicyNames.robotSubject(policy));
        }
        List<PolicyRule> rules = policy.getSpec().rules().stream()
                .map(rule -> new PolicyRule(rule.repositories(), rule.paths(), rule.actions()))
                .toList();
        return new PolicySpec(AccessPolicyNames.policy(policy), subjects, rules);
    }

    /** npm Repositories of the same Registry whose names the rules cover, for the .npmrc. */
    private static List<String> npmRepositories(AccessPolicy policy, Context<AccessPolicy> context) {
        List<Glob> globs = policy.getSpec().rules().stream()
                .flatMap(rule -> rule.repositories().stream())
                .map(Glob::name)
                .toList();
        return InformerCache.list(
                        context,
                        Repository.class,
                        REPOSITORIES,
                        policy.getMetadata().getNamespace(),
                        r -> r.getSpec()
                                .registryRef()
                                .name()
                                .equals(policy.getSpec().registryRef().name()))
                .filter(r -> r.getSpec().format() == Format.NPM)
                .map(RepositoryReconciler::repositoryName)
                .filter(name -> globs.stream().anyMatch(g -> g.matches(name)))
                .sorted()
                .distinct()
                .toList();
    }

    private UpdateControl<AccessPolicy> registryGone(
            AccessPolicy policy, Registry registry, String robot, String secretName) {
        String name = policy.getSpec().registryRef().name();
        String reason = registry == null ? "RegistryNotFound" : "RegistryDeleted";
        String message = registry == null
                ? "Registry " + name + " does not exist in this namespace"
                : "Registry " + name + " is being deleted; its tokens are revoked";
        return statusPatches.patchIfChanged(
                policy,
                status(
                        policy,
                        Observation.fails(SYNCED, reason, message),
                        robot != null
                                ? Observation.fails(CREDENTIALS_READY, reason, message)
                                : AccessPolicyStatusAggregator.notRequested(),
                        robot,
                        secretName,
                        null));
    }

    /** The policy's Registry, from the cache of the Registry informer registered above. */
    private static Registry registry(AccessPolicy policy, Context<AccessPolicy> context) {
        return InformerCache.get(
                        context,
                        Registry.class,
                        REGISTRIES,
                        new ResourceID(
                                policy.getSpec().registryRef().name(),
                                policy.getMetadata().getNamespace()))
                .orElse(null);
    }

    /**
     * The policy's Registry as the API server has it now, not as the cache last saw it: after a
     * token was minted, a deletion the cache has not seen yet may already have revoked the
     * namespace's tokens, and missed this one.
     */
    private static Registry registryNow(AccessPolicy policy, Context<AccessPolicy> context) {
        return context.getClient()
                .resources(Registry.class)
                .inNamespace(policy.getMetadata().getNamespace())
                .withName(policy.getSpec().registryRef().name())
                .get();
    }

    private static AccessPolicyStatusAggregator.TokenInfo previousToken(AccessPolicy policy) {
        AccessPolicyStatus previous = policy.getStatus();
        return previous == null || previous.getTokenId() == null || previous.getTokenCreatedAt() == null
                ? null
                : new AccessPolicyStatusAggregator.TokenInfo(
                        previous.getTokenId(), Instant.parse(previous.getTokenCreatedAt()));
    }

    private AccessPolicyStatus status(
            AccessPolicy policy,
            Observation synced,
            Observation credentials,
            String robot,
            String secretName,
            AccessPolicyStatusAggregator.TokenInfo token) {
        return AccessPolicyStatusAggregator.build(
                policy.getStatus(),
                policy.getMetadata().getGeneration(),
                new AccessPolicyStatusAggregator.Observed(synced, credentials, robot, secretName, token),
                clock.instant());
    }

    private static String describe(AccessPolicy policy) {
        return policy.getMetadata().getNamespace() + "/" + policy.getMetadata().getName();
    }
}
