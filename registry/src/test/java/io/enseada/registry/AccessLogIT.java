package io.enseada.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.enseada.registry.testing.RegistryProcess;
import io.enseada.shared.json.Json;
import io.enseada.shared.testing.AuthorizationHeader;
import io.enseada.shared.testing.HttpSession;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar's standard output as an operator reads it: from the first line on, log lines
 * only (no logback status), one access-log line per request with refusals among them, no secret
 * from a query, a path or a header, and a client that hangs up mid-upload is no error.
 */
class AccessLogIT {
    private static final String ADMIN_PASSWORD = "access-log-admin";
    private static final String TOKEN_SECRET = "Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5";
    private static final String TOKEN = "ens_abcdefghijklmnop_" + TOKEN_SECRET.substring(0, 43);
    private static final String JAR = "/maven/maven-releases/com/acme/logged/1.0/logged-1.0.jar";

    @TempDir
    Path dir;

    @Test
    void textLinesNameEveryRequestWithItsCallerRepositoryAndSizes() throws Exception {
        String output = run(Map.of(), this::traffic);

        assertThat(output.lines().findFirst().orElse(""))
                .as("the first line is a log line")
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\S* INFO .*");
        assertThat(output).doesNotContain("|-INFO", "|-WARN", "ch.qos.logback");
        List<String> access = output.lines()
                .filter(line -> line.contains(" enseada.access - "))
                .toList();

        assertThat(line(access, "GET /v2/ "))
                .contains("GET /v2/ 401 ")
                .contains("principal=anonymous")
                .contains("protocol=oci");
        assertThat(line(access, "GET /api/v1/repositories "))
                .contains(" 200 ")
                .contains("principal=user:admin")
                .contains("protocol=api")
                .doesNotContain("access_token", "query-secret");
        assertThat(line(access, "GET /maven/maven-releases/com/acme/denied/"))
                .contains(" 403 ")
                .contains("principal=user:bob")
                .contains("repository=maven-releases")
                .contains("protocol=maven");
        assertThat(access).anyMatch(line -> line.contains("GET /api/v1/whoami 429 "));
        assertThat(line(access, "PUT " + JAR))
                .contains(" 201 ")
                .contains("in=10000 ")
                .contains("principal=user:admin")
                .contains("repository=maven-releases");
        assertThat(line(access, "GET " + JAR))
                .contains(" 200 ")
                .contains("out=10000 ")
                .contains("agent=\"Java-http-client");
        assertThat(line(access, "DELETE /npm/npm/-/user/token/"))
                .contains("DELETE /npm/npm/-/user/token/*** 401 ")
                .contains("protocol=npm");
        assertThat(output)
                .as("no token, password or query secret anywhere")
                .doesNotContain(TOKEN_SECRET.substring(0, 43), ADMIN_PASSWORD, "bob-password", "query-secret");

        assertThat(line(access, "PUT /maven/maven-releases/com/acme/aborted/"))
                .as("the aborted upload is in the access log")
                .contains(" 400 ");
        assertThat(output)
                .as("a client hanging up mid-upload is no error")
                .doesNotContain("ERROR", "\tat ", "Exception");
    }

    @Test
    void jsonLinesCarryEachFieldAndAnAbortedUploadIsOneDebugLine() throws Exception {
        String output = run(Map.of("ENSEADA_LOG_FORMAT", "json", "ENSEADA_LOG_LEVEL", "debug"), this::traffic);

        List<JsonNode> events = new ArrayList<>();
        for (String line : output.lines().filter(line -> !line.isBlank()).toList()) {
            events.add(
                    Json.newMapper().readTree(line)); // every line is one JSON object: no status lines, no stack dumps
        }
        JsonNode refused = events.stream()
                .filter(e -> e.path("loggerName").asText().equals("enseada.access")
                        && e.path("formattedMessage").asText().startsWith("GET /maven/maven-releases/com/acme/denied/"))
                .findFirst()
                .orElseThrow();
        Map<String, String> fields = keyValues(refused);
        assertThat(fields)
                .containsEntry("method", "GET")
                .containsEntry("status", "403")
                .containsEntry("principal", "user:bob")
                .containsEntry("repository", "maven-releases")
                .containsEntry("protocol", "maven")
                .containsEntry("bytesIn", "0")
                .containsKeys("path", "durationMs", "bytesOut", "client", "userAgent");

        List<JsonNode> aborted = events.stream()
                .filter(e -> e.path("formattedMessage").asText().contains("ended the request early"))
                .toList();
        assertThat(aborted).hasSize(1);
        assertThat(aborted.get(0).path("level").asText()).isEqualTo("DEBUG");
        assertThat(aborted.get(0).path("throwable").isNull()).isTrue();
        assertThat(events).noneMatch(e -> e.path("level").asText().equals("ERROR"));
    }

    @Test
    void behindATrustedProxyTheLineNamesTheClientItForwarded() throws Exception {
        String output = run(Map.of("ENSEADA_TRUSTED_PROXIES", "127.0.0.1"), registry -> {
            HttpSession anonymous = new HttpSession(registry.url(), null);
            assertThat(anonymous
                            .raw("GET", "/api/v1/whoami", Map.of("X-Forwarded-For", "198.51.100.9, 203.0.113.7"), null)
                            .status())
                    .isEqualTo(200);
        });
        List<String> access = output.lines()
                .filter(line -> line.contains(" enseada.access - "))
                .toList();
        // The right-most address the trusted proxy appended is the client; what is left of it, the client wrote.
        assertThat(line(access, "GET /api/v1/whoami "))
                .contains("client=203.0.113.7")
                .doesNotContain("198.51.100.9");
    }

    @Test
    void theAccessLogCanBeSwitchedOff() throws Exception {
        String output = run(Map.of("ENSEADA_ACCESS_LOG", "false"), this::traffic);
        assertThat(output).contains("Enseada registry listening").doesNotContain("enseada.access");
    }

    private String run(Map<String, String> settings, Traffic traffic) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(settings);
        env.put("ENSEADA_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("ENSEADA_LOGIN_FAILURES_PER_ACCOUNT", "2");
        try (RegistryProcess registry = RegistryProcess.start(dir, env)) {
            registry.awaitReady(Duration.ofSeconds(60));
            traffic.send(registry);
            Thread.sleep(500); // the last lines are written after the answers
            registry.stop();
            return registry.output();
        }
    }

    interface Traffic {
        void send(RegistryProcess registry) throws Exception;
    }

    private void traffic(RegistryProcess registry) throws Exception {
        HttpSession anonymous = new HttpSession(registry.url(), null);
        HttpSession admin = anonymous.basic("admin", ADMIN_PASSWORD);
        assertThat(anonymous.get("/v2/").status()).isEqualTo(401);
        assertThat(admin.get("/api/v1/repositories?access_token=query-secret").status())
                .isEqualTo(200);
        assertThat(admin.post("/api/v1/users", Map.of("name", "bob", "password", "bob-password"))
                        .status())
                .isEqualTo(201);
        assertThat(anonymous
                        .basic("bob", "bob-password")
                        .get("/maven/maven-releases/com/acme/denied/1.0/denied-1.0.jar")
                        .status())
                .isEqualTo(403);
        HttpSession wrong = anonymous.basic("carol", "not-her-password");
        int status = 0;
        for (int i = 0; i < 3; i++) {
            status = wrong.get("/api/v1/whoami").status();
        }
        assertThat(status).isEqualTo(429);
        byte[] jar = new byte[10_000];
        assertThat(admin.raw("PUT", JAR, Map.of(), jar).status()).isEqualTo(201);
        assertThat(admin.get(JAR).status()).isEqualTo(200);
        assertThat(anonymous
                        .bearer(TOKEN)
                        .delete("/npm/npm/-/user/token/" + TOKEN)
                        .status())
                .isEqualTo(401);
        abortedUpload(registry);
    }

    /** A client that announces 1 MiB, sends 64 KiB and hangs up. */
    private static void abortedUpload(RegistryProcess registry) throws IOException, InterruptedException {
        String auth = AuthorizationHeader.basic("admin", ADMIN_PASSWORD);
        try (Socket socket = new Socket("127.0.0.1", registry.url().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /maven/maven-releases/com/acme/aborted/1.0/aborted-1.0.jar HTTP/1.1\r\nHost: registry\r\n"
                            + "Authorization: " + auth + "\r\nContent-Length: 1048576\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[64 * 1024]);
            out.flush();
            Thread.sleep(300);
        }
        Thread.sleep(700);
    }

    private static String line(List<String> lines, String start) {
        return lines.stream()
                .filter(line -> line.contains(" - " + start))
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("no access line for " + start + " in\n" + String.join("\n", lines)));
    }

    /** logback's key-value pairs: a list of one-entry objects. */
    private static Map<String, String> keyValues(JsonNode event) {
        Map<String, String> fields = new java.util.HashMap<>();
        for (JsonNode pair : event.path("kvpList")) {
            pair.fields()
                    .forEachRemaining(
                            entry -> fields.put(entry.getKey(), entry.getValue().asText()));
        }
        return fields;
    }
}
