package io.enseada.registry.config;

import io.enseada.shared.model.RepositorySpec;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The registry's whole configuration, validated. Built only by {@link SettingsLoader}.
 *
 * @param adminPassword null when the bootstrap admin's password is to be generated
 * @param repositories repositories declared in configuration, created or updated at start
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
        List<RepositorySpec> repositories) {

    public RegistrySettings {
        repositories = List.copyOf(repositories);
    }
}
