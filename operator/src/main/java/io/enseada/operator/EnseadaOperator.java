package io.enseada.operator;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.operator.accesspolicy.AccessPolicyReconciler;
import io.enseada.operator.accesspolicy.RobotAccounts;
import io.enseada.operator.common.EventRecorder;
import io.enseada.operator.registry.RegistryReconciler;
import io.enseada.operator.registry.RegistryStores;
import io.enseada.operator.repository.HttpUpstreamProbe;
import io.enseada.operator.repository.LifecycleDocuments;
import io.enseada.operator.repository.RepositoryReconciler;
import io.enseada.operator.store.ManagedDocuments;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Wires the reconcilers to their collaborators and to one JOSDK {@link Operator}; {@link Main} and
 * the tests both build the operator here, the tests with server-side apply turned off.
 */
public final class EnseadaOperator {
    /** How long a stopping operator lets reconciles in flight finish. */
    static final Duration RECONCILE_FINISH = Duration.ofSeconds(5);

    private EnseadaOperator() {}

    /** Without leader election: every instance reconciles (tests, a single replica). */
    public static Operator create(
            KubernetesClient client, OperatorSettings settings, RegistryStores stores, Clock clock, Metrics metrics) {
        return create(client, settings, stores, clock, metrics, null);
    }

    /** @param leaderElection null for none */
    public static Operator create(
            KubernetesClient client,
            OperatorSettings settings,
            RegistryStores stores,
            Clock clock,
            Metrics metrics,
            LeaderElection leaderElection) {
        Operator operator = new Operator(o -> {
            o.withKubernetesClient(client)
                    .withMetrics(metrics)
                    .withCloseClientOnStop(false)
                    // a reconcile in flight (a token minted, its Secret not yet written) may finish
                    .withReconciliationTerminationTimeout(RECONCILE_FINISH)
                    .withUseSSAToPatchPrimaryResource(settings.serverSideApply())
                    .withSSABasedCreateUpdateMatchForDependentResources(settings.serverSideApply());
            if (leaderElection != null) {
                o.withLeaderElectionConfiguration(leaderElection.configuration());
            }
        });
        ObjectMapper mapper = io.enseada.shared.json.Json.newMapper();
        SecureRandom random = new SecureRandom();
        ManagedDocuments documents = new ManagedDocuments(mapper);
        RobotAccounts robots = new RobotAccounts(documents, mapper, random);
        EventRecorder events = new EventRecorder(
                client, leaderElection != null ? leaderElection.identity() : "enseada-operator", clock);
        operator.register(
                new RegistryReconciler(
                        settings.registryImage(),
                        settings.serverSideApply(),
                        stores,
                        robots,
                        events,
                        clock,
                        random,
                        mapper),
                controller(settings));
        operator.register(
                new RepositoryReconciler(
                        stores,
                        documents,
                        events,
                        new HttpUpstreamProbe(HttpUpstreamProbe.TIMEOUT),
                        new LifecycleDocuments(mapper),
                        clock),
                controller(settings));
        operator.register(
                new AccessPolicyReconciler(
                        stores,
                        documents,
                        robots,
                        events,
                        mapper,
                        clock,
                        settings.tokenGracePeriod(),
                        settings.resyncPeriod(),
                        settings.serverSideApply()),
                controller(settings));
        return operator;
    }

    /** Namespaces, resync period and retry backoff, the same for every controller. */
    static <R extends io.fabric8.kubernetes.api.model.HasMetadata>
            Consumer<ControllerConfigurationOverrider<R>> controller(OperatorSettings settings) {
        return c -> {
            if (settings.namespaces().isEmpty()) {
                c.watchingAllNamespaces();
            } else {
                c.settingNamespaces(settings.namespaces());
            }
            c.withReconciliationMaxInterval(settings.resyncPeriod());
            c.withRetry(new GenericRetry()
                    .setInitialInterval(Duration.ofSeconds(1))
                    .setIntervalMultiplier(2)
                    .setMaxInterval(Duration.ofMinutes(2).toMillis())
                    .withoutMaxAttempts());
        };
    }
}
