package io.enseada.operator.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * What the Deployment controller and the kubelets would report of a Registry's pods: neither runs
 * in the tests (the real control plane has no kubelet and only the garbage collector and
 * namespace controllers).
 */
public final class RegistryPods {
    private final KubernetesClient client;
    private final String namespace;
    private final String deployment;

    public RegistryPods(KubernetesClient client, String namespace, String deployment) {
        this.client = client;
        this.namespace = namespace;
        this.deployment = deployment;
    }

    /** Reports {@code ready} ready pods, {@code updated} of them of the Deployment's current spec. */
    public void report(int ready, int updated) {
        Deployment current = client.apps()
                .deployments()
                .inNamespace(namespace)
                .withName(deployment)
                .get();
        current.setStatus(new DeploymentStatusBuilder()
                .withObservedGeneration(current.getMetadata().getGeneration())
                .withReplicas(Math.max(ready, updated))
                .withReadyReplicas(ready)
                .withAvailableReplicas(ready)
                .withUpdatedReplicas(updated)
                .build());
        client.apps().deployments().inNamespace(namespace).resource(current).updateStatus();
    }

    /** Reports that many pods of the current Deployment ready, again whenever the operator updated it meanwhile, until {@code done}. */
    public void reportReadyUntil(int pods, Duration atMost, Callable<Boolean> done) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(500)).until(() -> {
            Deployment current = client.apps()
                    .deployments()
                    .inNamespace(namespace)
                    .withName(deployment)
                    .get();
            if (current != null
                    && (current.getStatus() == null
                            || !current.getMetadata()
                                    .getGeneration()
                                    .equals(current.getStatus().getObservedGeneration())
                            || !Integer.valueOf(pods).equals(current.getStatus().getUpdatedReplicas()))) {
                report(pods, pods);
            }
            return done.call();
        });
    }
}
