package io.enseada.operator;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything the operator is configured with, read once in {@link Main} and passed down.
 *
 * @param namespaces           namespaces to watch; empty means all
 * @param serverSideApply      patch primary resources and match dependents with server-side apply
 *                             (true against a real API server; the CRUD mock server has none)
 * @param resyncPeriod         how often every resource is reconciled even without events, which
 *                             repairs documents changed behind the operator's back
 * @param registryImage        image of registry pods when a Registry does not name one
 * @param leaderElection       whether replicas of the operator elect one leader
 * @param leaseNamespace       namespace of the leader-election lease (the operator's own)
 * @param metricsPort          port of the Prometheus and health endpoint; 0 for none
 * @param tokenGracePeriod     how long a rotated-out AccessPolicy token stays valid after its
 *                             replacement was written, so pods holding the old Secret keep working
 */
public record OperatorSettings(
        Set<String> namespaces,
        boolean serverSideApply,
        Duration resyncPeriod,
        String registryImage,
        boolean leaderElection,
        String leaseNamespace,
        int metricsPort,
        Duration tokenGracePeriod) {
    public static final String DEFAULT_REGISTRY_IMAGE = "ghcr.io/enseada/enseada-registry:0.1.0";

    public OperatorSettings {
        namespaces = Set.copyOf(namespaces);
    }

    /** Settings from {@code ENSEADA_OPERATOR_*} variables; a wrong value fails with its name. */
    public static OperatorSettings fromEnvironment(Map<String, String> env) {
        Set<String> namespaces = new TreeSet<>();
        for (String ns : env.getOrDefault("ENSEADA_OPERATOR_NAMESPACES", "").split(",")) {
            if (!ns.isBlank()) {
                namespaces.add(ns.trim());
            }
        }
        return new OperatorSettings(
                namespaces,
                bool(env, "ENSEADA_OPERATOR_SERVER_SIDE_APPLY", true),
                duration(env, "ENSEADA_OPERATOR_RESYNC_PERIOD", Duration.ofMinutes(5)),
                env.getOrDefault("ENSEADA_OPERATOR_REGISTRY_IMAGE", DEFAULT_REGISTRY_IMAGE),
                bool(env, "ENSEADA_OPERATOR_LEADER_ELECTION", true),
                env.getOrDefault("ENSEADA_OPERATOR_NAMESPACE", "default"),
                Integer.parseInt(env.getOrDefault("ENSEADA_OPERATOR_METRICS_PORT", "8080")),
                duration(env, "ENSEADA_OPERATOR_TOKEN_GRACE_PERIOD", Duration.ofHours(1)));
    }

    private static boolean bool(Map<String, String> env, String name, boolean fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(name + ": '" + value + "' is not true or false");
        }
        return Boolean.parseBoolean(value);
    }

    private static Duration duration(Map<String, String> env, String name, Duration fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Duration.parse(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + ": '" + value + "' is not an ISO-8601 duration such as PT5M");
        }
    }
}
