package io.enseada.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.enseada.registry.testing.RegistryProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A wrong or missing setting stops the jar with exit code 2 and one line naming the setting. */
class ConfigErrorIT {
    @TempDir
    Path workDir;

    @Test
    void unknownStorageKind() throws Exception {
        assertFailsWith(
                Map.of("ENSEADA_STORAGE", "tape"),
                "enseada: configuration error: ENSEADA_STORAGE (storage.kind): 'tape' is not one of filesystem, s3");
    }

    @Test
    void unreachableCouchDb() throws Exception {
        int closedPort = RegistryProcess.freePort();
        String line = assertFailsWith(
                Map.of(
                        "ENSEADA_METADATA",
                        "couchdb",
                        "ENSEADA_COUCHDB_URL",
                        "http://127.0.0.1:" + closedPort,
                        "ENSEADA_COUCHDB_USERNAME",
                        "admin",
                        "ENSEADA_COUCHDB_PASSWORD",
                        "pa55word"),
                "enseada: configuration error: ENSEADA_COUCHDB_URL (metadata.couchdb.url): ");
        assertThat(line).contains("127.0.0.1:" + closedPort).doesNotContain("pa55word");
    }

    @Test
    void unreadableKeyFile() throws Exception {
        Path missing = workDir.resolve("no-such-key.pem");
        assertFailsWith(
                Map.of(
                        "ENSEADA_TLS",
                        "true",
                        "ENSEADA_TLS_KEY_PATH",
                        missing.toString(),
                        "ENSEADA_TLS_CERT_PATH",
                        workDir.resolve("cert.pem").toString()),
                "enseada: configuration error: ENSEADA_TLS_KEY_PATH (tls.keyPath): cannot read " + missing
                        + " (NoSuchFileException)");
    }

    @Test
    void unknownKeyInTheYamlFile() throws Exception {
        Path config = workDir.resolve("enseada.yaml");
        java.nio.file.Files.writeString(config, """
                repositories:
                  - name: images
                    format: oci
                  - name: js
                    format: npm
                    visiblity: public
                """);
        assertFailsWith(
                Map.of("ENSEADA_CONFIG", config.toString()),
                "enseada: configuration error: repositories[1].visiblity: unknown key in " + config
                        + " (known here: format, group, kind, maven, name, proxy, quota, retention, visibility)");
    }

    private String assertFailsWith(Map<String, String> env, String expectedStart) throws Exception {
        try (RegistryProcess registry = RegistryProcess.start(workDir, env)) {
            int exit = registry.awaitExit(Duration.ofSeconds(60));
            String output = registry.output();
            assertThat(exit).as(output).isEqualTo(2);
            assertThat(output).as("no stack trace").doesNotContain("\tat ", "Exception in thread");
            String errorLine = output.lines()
                    .filter(l -> l.startsWith("enseada: configuration error:"))
                    .reduce((a, b) -> b)
                    .orElseThrow(() -> new AssertionError("no configuration error line in:\n" + output));
            assertThat(output.lines().filter(l -> l.startsWith("enseada:")).count())
                    .isEqualTo(1);
            assertThat(errorLine).startsWith(expectedStart);
            return errorLine;
        }
    }
}
