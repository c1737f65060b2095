package io.enseada.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.enseada.shared.json.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator jar as its container runs it: what a log collector sees from the first line on.
 * No API server is needed for the start-up lines; the kubeconfig points at a closed port.
 */
class OperatorStartLogIT {
    private static final Path JAR = Path.of("target", "enseada-operator.jar").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void everyLineFromTheFirstIsJsonWithTheFormattedMessageAndNoLogbackStatus() throws Exception {
        assertThat(JAR)
                .as("the operator jar; integration tests run after `mvn package`")
                .exists();
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: none, cluster: {server: "https://127.0.0.1:%d"}}]
                contexts: [{name: none, context: {cluster: none, user: none}}]
                users: [{name: none, user: {token: nothing}}]
                current-context: none
                """.formatted(closedPort()));
        Path output = dir.resolve("operator.out");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-jar", JAR.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("ENSEADA_") || key.startsWith("KUBERNETES_"));
        builder.environment().put("KUBECONFIG", kubeconfig.toString());
        builder.environment().put("ENSEADA_OPERATOR_METRICS_PORT", "0");
        builder.environment().put("ENSEADA_OPERATOR_LEADER_ELECTION", "false");
        Process process = builder.start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!read(output).contains("Registered reconciler")
                    && process.isAlive()
                    && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        String text = read(output);
        List<String> lines = text.lines().filter(line -> !line.isBlank()).toList();
        assertThat(text).as("logback's own status lines").doesNotContain("|-INFO", "|-WARN", "ch.qos.logback");
        assertThat(lines).as(text).anyMatch(line -> line.contains("Registered reconciler"));
        for (String line : lines) {
            if (!line.startsWith("{")) {
                break; // a stack trace printed by the JVM as it is stopped is not a log line
            }
            JsonNode event = Json.newMapper().readTree(line);
            assertThat(event.has("formattedMessage")).as(line).isTrue();
            if (event.path("formattedMessage").asText().startsWith("Registered reconciler")) {
                assertThat(event.path("formattedMessage").asText())
                        .as(line)
                        .doesNotContain("{}")
                        .matches("Registered reconciler: '(registry|repository|accesspolicy)' .*");
                assertThat(event.path("arguments").isArray()).as(line).isTrue();
            }
        }
        assertThat(lines.get(0)).as("the first line is a log event").startsWith("{");
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
