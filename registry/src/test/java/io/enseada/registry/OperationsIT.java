package io.enseada.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.enseada.registry.testing.RegistryProcess;
import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.json.Json;
import io.enseada.shared.testing.AuthorizationHeader;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What operators of the registry rely on: metrics, structured logs, graceful shutdown. */
class OperationsIT {
    @TempDir
    Path dir;

    @Test
    void metricsCountRequestsByFormatAndStatusAndBytesBothWays() {
        try (TestRegistry registry = TestRegistry.start(dir, Map.of())) {
            registry.admin().get("/api/v1/repositories");
            registry.anonymous().get("/api/v1/users");
            registry.admin().post("/api/v1/robots", Map.of("name", "metrics-robot", "description", "x".repeat(500)));
            registry.anonymous().get("/health/live");
            registry.admin().get("/auth/token?service=enseada&scope=repository:metrics:pull");

            String metrics = registry.anonymous().get("/metrics").text();
            assertThat(value(metrics, "enseada_http_server_requests_seconds_count", "format=\"api\",status=\"200\""))
                    .isGreaterThanOrEqualTo(1);
            assertThat(value(metrics, "enseada_http_server_requests_seconds_count", "format=\"api\",status=\"401\""))
                    .isEqualTo(1);
            assertThat(value(metrics, "enseada_http_server_requests_seconds_count", "format=\"api\",status=\"201\""))
                    .isEqualTo(1);
            assertThat(value(metrics, "enseada_http_server_requests_seconds_sum", "format=\"api\",status=\"200\""))
                    .isPositive();
            assertThat(value(metrics, "enseada_http_received_bytes_total", "format=\"api\""))
                    .isGreaterThan(500);
            assertThat(value(metrics, "enseada_http_sent_bytes_total", "format=\"api\""))
                    .isGreaterThan(100);
            assertThat(value(metrics, "enseada_http_server_requests_seconds_count", "format=\"other\",status=\"200\""))
                    .isGreaterThanOrEqualTo(1);
            // the token endpoint belongs to OCI, in the metrics as in the access log
            assertThat(value(metrics, "enseada_http_server_requests_seconds_count", "format=\"oci\",status=\"200\""))
                    .isEqualTo(1);
            assertThat(metrics).contains("jvm_memory_used_bytes");
        }
    }

    @Test
    void aRequestInFlightFinishesWhenTheServerStops() throws Exception {
        TestRegistry registry = TestRegistry.start(dir, Map.of());
        byte[] body = Json.newMapper()
                .writeValueAsBytes(Map.of("name", "late-robot", "description", "created while stopping"));
        String auth = AuthorizationHeader.basic("admin", TestRegistry.ADMIN_PASSWORD);
        try (Socket socket = new Socket("127.0.0.1", registry.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/robots HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + auth
                            + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, 10);
            out.flush();
            Thread.sleep(300);
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(registry::close);
            Thread.sleep(500);
            assertThat(stopping).as("stop waits for the request in flight").isNotDone();
            out.write(body, 10, body.length - 10);
            out.flush();
            String response = read(socket.getInputStream());
            assertThat(response).startsWith("HTTP/1.1 201");
            stopping.get();
        }
    }

    @Test
    void jsonLogsAreOneObjectPerLine() throws Exception {
        try (RegistryProcess registry = RegistryProcess.start(
                dir, Map.of("ENSEADA_LOG_FORMAT", "json", "ENSEADA_ADMIN_PASSWORD", "json-logs-admin"))) {
            registry.awaitReady(Duration.ofSeconds(30));
            registry.stop();
            List<String> lines =
                    registry.output().lines().filter(line -> !line.isBlank()).toList();
            assertThat(lines).isNotEmpty();
            boolean sawStartLine = false;
            for (String line : lines) {
                JsonNode event = Json.newMapper().readTree(line);
                assertThat(event.has("level")).as(line).isTrue();
                assertThat(event.has("timestamp")).as(line).isTrue();
                sawStartLine |= event.path("formattedMessage").asText().contains("Enseada registry listening");
            }
            assertThat(sawStartLine).as(registry.output()).isTrue();
            assertThat(registry.output()).doesNotContain("json-logs-admin");
        }
    }

    private static String read(InputStream in) throws Exception {
        byte[] buffer = new byte[8192];
        int n = in.read(buffer);
        return n < 0 ? "" : new String(buffer, 0, n, StandardCharsets.US_ASCII);
    }

    private static double value(String metrics, String name, String labels) {
        Matcher matcher = Pattern.compile("^" + name + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE)
                .matcher(metrics);
        double total = 0;
        boolean found = false;
        while (matcher.find()) {
            if (matcher.group(1).contains(labels)) {
                total += Double.parseDouble(matcher.group(2));
                found = true;
            }
        }
        assertThat(found).as("%s{%s} in\n%s", name, labels, metrics).isTrue();
        return total;
    }
}
