package io.enseada.operator.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.enseada.operator.common.SecretKeyReference;
import io.enseada.operator.testing.ProjectFiles;
import io.enseada.shared.settings.RegistrySettingName;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The registry ignores a variable it does not read, so every setting the operator hands its pods
 * must be one the registry reads. The setting names in shared/ are the contract between the two
 * workloads (the registry's own test keeps one of its settings per shared name).
 */
class RegistryEnvironmentTest {

    @Test
    void everyVariableTheOperatorWritesIsARegistrySetting() throws IOException {
        Registry registry = Serialization.unmarshal(
                ProjectFiles.yamlDocuments(ProjectFiles.root().resolve("config/samples/registry.yaml"))
                        .get(0)
                        .toString(),
                Registry.class);
        RegistrySpec sample = registry.getSpec();
        // Every optional part on: TLS, a declared signing key, S3 and CouchDB credentials.
        registry.setSpec(new RegistrySpec(
                sample.image(),
                sample.replicas(),
                sample.resources(),
                sample.publicUrl(),
                new RegistrySpec.StorageSpec(
                        new RegistrySpec.S3Spec(
                                "blobs",
                                "http://minio:9000",
                                "eu-west-1",
                                true,
                                "enseada/",
                                new RegistrySpec.S3CredentialsSpec("s3", null, null)),
                        null),
                sample.couchdb(),
                new RegistrySpec.TlsSpec("tls"),
                new SecretKeyReference("signing", "key"),
                sample.adminPassword(),
                sample.ingress(),
                RegistrySpec.LogFormat.text));

        Set<String> written =
                new TreeSet<>(RegistryEnvironment.plainSettings(registry).keySet());
        RegistryEnvironment.secretSettings(registry).stream()
                .map(EnvVar::getName)
                .forEach(written::add);

        assertThat(written)
                .contains(
                        "ENSEADA_TLS",
                        "ENSEADA_S3_PREFIX",
                        "ENSEADA_S3_SECRET_ACCESS_KEY",
                        "ENSEADA_COUCHDB_PASSWORD",
                        "ENSEADA_ADMIN_PASSWORD",
                        "ENSEADA_TOKEN_SIGNING_KEY");
        assertThat(registrySettings()).containsAll(written);
    }

    private static Set<String> registrySettings() {
        Set<String> settings = RegistrySettingName.variables();
        assertThat(settings).as("registry setting names of shared/").hasSizeGreaterThan(20);
        return settings;
    }
}
