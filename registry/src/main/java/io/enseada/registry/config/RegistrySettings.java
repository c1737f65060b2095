package io.enseada.registry.config;

import io.enseada.shared.model.PolicySpec;
import io.enseada.shared.model.RepositorySpec;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The registry's whole configuration, validated. Built only by {@link SettingsLoader}.
 *
 * @param publicUrl null to derive it from each request's scheme and Host header
 * @param adminPassword null when the bootstrap admin's password is to be generated
 * @param tokenSigningKey null for a random key per process (fine for a single replica)
 * @param repositories repositories declared in configuration, created or updated at start
 * @param users users, robots and policies declared in configuration, created or updated at start
 * @param trustedProxies addresses and CIDR ranges of the proxies whose {@code X-Forwarded-For} is believed
 * @param clientLimits how much of the server one slow or greedy client may hold
 * @param proxyBodyIdleTimeout how long a proxy repository waits for the next byte of an upstream's body
 * @param gcSchedule how often garbage collection runs, or null for only on demand
 * @param gcGracePeriod how recently stored a blob must be for no collection to delete it
 */
public record RegistrySettings(
        String host,
        int port,
        URI publicUrl,
        Path dataDir,
        Secret adminPassword,
        StorageSettings storage,
        MetadataSettings metadata,
        LoggingSettings logging,
        TlsSettings tls,
        Duration uploadMaxAge,
        Duration shutdownGrace,
        Secret tokenSigningKey,
        LoginLimits loginLimits,
        List<RepositorySpec> repositories,
        List<DeclaredUser> users,
        List<DeclaredRobot> robots,
        List<PolicySpec> policies,
        List<String> trustedProxies,
        ClientLimits clientLimits,
        Duration proxyBodyIdleTimeout,
        Duration gcSchedule,
        Duration gcGracePeriod) {

    public RegistrySettings {
        trustedProxies = List.copyOf(trustedProxies);
        repositories = List.copyOf(repositories);
        users = List.copyOf(users);
        robots = List.copyOf(robots);
        policies = List.copyOf(policies);
    }
}
