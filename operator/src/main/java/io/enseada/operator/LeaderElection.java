package io.enseada.operator;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election between operator replicas, on the Lease {@value #LEASE_NAME} in the operator's
 * namespace. A replica that loses the lease while running exits (status 1) so that only the new
 * leader reconciles and the kubelet restarts it as a standby. A replica that is being stopped does
 * not exit from within the shutdown (which would wait for itself forever) and hands the lease over
 * instead, so the standby takes over at once rather than when the lease expires.
 */
public final class LeaderElection {
    public static final String LEASE_NAME = "enseada-operator";
    private static final Logger LOG = LoggerFactory.getLogger(LeaderElection.class);

    private final String namespace;
    private final String identity;
    private final Runnable exit;
    private final AtomicBoolean stopping = new AtomicBoolean();

    /**
     * @param identity this replica's name in the lease (the pod name)
     * @param exit     what losing the lease while running does; {@code System.exit(1)} in production
     */
    public LeaderElection(String namespace, String identity, Runnable exit) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.identity = Objects.requireNonNull(identity, "identity");
        this.exit = exit;
    }

    public String identity() {
        return identity;
    }

    LeaderElectionConfiguration configuration() {
        return new LeaderElectionConfiguration(
                LEASE_NAME,
                namespace,
                LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
                LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
                LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
                identity,
                new LeaderCallbacks(
                        () -> LOG.info("{} leads: reconciling", identity),
                        this::stoppedLeading,
                        leader -> LOG.info("leader is {}", leader == null || leader.isEmpty() ? "nobody" : leader)),
                false);
    }

    void stoppedLeading() {
        if (stopping.get()) {
            return;
        }
        LOG.error(
                "{} lost the lease {}/{}: exiting so that only the new leader reconciles",
                identity,
                namespace,
                LEASE_NAME);
        exit.run();
    }

    /** From the shutdown hook, before the operator stops: losing the lease is expected from now on. */
    void stopping() {
        stopping.set(true);
    }

    /** Empties the lease if this replica holds it, so a standby acquires it at its next try. */
    void release(KubernetesClient client) {
        try {
            Lease lease =
                    client.leases().inNamespace(namespace).withName(LEASE_NAME).get();
            if (lease == null
                    || lease.getSpec() == null
                    || !identity.equals(lease.getSpec().getHolderIdentity())) {
                return;
            }
            // conditional on the version read: nobody else can have changed a lease this replica holds
            client.leases()
                    .inNamespace(namespace)
                    .withName(LEASE_NAME)
                    .patch(
                            PatchContext.of(PatchType.JSON_MERGE),
                            "{\"metadata\":{\"resourceVersion\":\""
                                    + lease.getMetadata().getResourceVersion()
                                    + "\"},\"spec\":{\"holderIdentity\":null,\"leaseDurationSeconds\":1}}");
            LOG.info("{} released the lease {}/{}", identity, namespace, LEASE_NAME);
        } catch (KubernetesClientException e) {
            // the lease then expires by itself; a standby waits for that
            LOG.warn("could not release the lease {}/{}: HTTP {}", namespace, LEASE_NAME, e.getCode());
        }
    }
}
