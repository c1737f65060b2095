package io.enseada.operator;

import io.enseada.operator.registry.CouchDbRegistryStores;
import io.enseada.shared.json.Json;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: reads {@code ENSEADA_OPERATOR_*} once, connects to the cluster the usual
 * way (in-cluster service account, else KUBECONFIG or ~/.kube/config) and runs the operator.
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {}

    /** The pod name, which is what the lease shows as its holder; a random one outside a pod. */
    private static String identity() {
        String hostname = System.getenv("HOSTNAME");
        return hostname == null || hostname.isBlank() ? "enseada-operator-" + java.util.UUID.randomUUID() : hostname;
    }

    public static void main(String[] args) throws Exception {
        OperatorSettings settings;
        try {
            settings = OperatorSettings.fromEnvironment(System.getenv());
            OperatorLogging.apply(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("enseada-operator: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        KubernetesClient client = new KubernetesClientBuilder().build();
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CouchDbRegistryStores stores = new CouchDbRegistryStores(client, Json.newMapper());
        LeaderElection leaderElection = settings.leaderElection()
                // exits from a thread of its own: the shutdown hooks it runs wait for the thread that lost the lease
                ? new LeaderElection(
                        settings.leaseNamespace(),
                        identity(),
                        () -> new Thread(() -> System.exit(1), "enseada-operator-exit").start())
                : null;
        Operator operator = EnseadaOperator.create(
                client,
                settings,
                stores,
                Clock.systemUTC(),
                MicrometerMetrics.withoutPerResourceMetrics(meters),
                leaderElection);
        MetricsServer metrics = settings.metricsPort() > 0
                ? new MetricsServer(
                        settings.metricsPort(),
                        meters,
                        () -> operator.getRuntimeInfo().allEventSourcesAreHealthy())
                : null;
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            if (leaderElection != null) {
                                leaderElection.stopping();
                            }
                            operator.stop();
                            if (leaderElection != null) {
                                leaderElection.release(client);
                            }
                            stores.close();
                            if (metrics != null) {
                                metrics.close();
                            }
                            client.close();
                        },
                        "enseada-operator-shutdown"));
        operator.start();
        LOG.info(
                "enseada-operator started: namespaces={}, serverSideApply={}, resync={}, leaderElection={}, tokenGracePeriod={}",
                settings.namespaces().isEmpty() ? "all" : settings.namespaces(),
                settings.serverSideApply(),
                settings.resyncPeriod(),
                leaderElection == null ? "off" : leaderElection.identity(),
                settings.tokenGracePeriod());
        Thread.currentThread().join();
    }
}
