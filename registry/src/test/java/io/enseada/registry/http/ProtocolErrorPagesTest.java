package io.enseada.registry.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.registry.testing.RawExchange;
import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests Jetty refuses before any route sees them are answered in the protocol's error format, not an HTML page. */
class ProtocolErrorPagesTest {
    private static final ObjectMapper JSON = Json.newMapper();
    /** "é" as ISO-8859-1, so the path's bytes are not valid UTF-8. */
    private static final String INVALID_UTF8 = "caf\u00e9(";

    @TempDir
    static Path dataDir;

    static TestRegistry registry;

    @BeforeAll
    static void start() {
        registry = TestRegistry.start(dataDir, Map.of());
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void invalidUtf8InThePathIsA400InEachProtocolsFormat() {
        RawExchange.Answer oci = send("PUT", "/v2/containers/" + INVALID_UTF8 + "/manifests/1.0", "");
        assertThat(oci.status()).isEqualTo(400);
        assertThat(json(oci).at("/errors/0/code").asText()).isEqualTo("INVALID");
        assertThat(json(oci).at("/errors/0/message").asText()).isEqualTo("Illegal Path Character");
        assertThat(oci.header("Docker-Distribution-API-Version")).isEqualTo("registry/2.0");

        RawExchange.Answer npm = send("GET", "/npm/npm/" + INVALID_UTF8, "");
        assertThat(npm.status()).isEqualTo(400);
        assertThat(json(npm).path("error").asText()).isEqualTo("Illegal Path Character");

        RawExchange.Answer api = send("DELETE", "/api/v1/users/" + INVALID_UTF8, "");
        assertThat(api.status()).isEqualTo(400);
        assertThat(json(api).at("/error/code").asText()).isEqualTo("INVALID");

        RawExchange.Answer maven = send("GET", "/maven/maven-releases/" + INVALID_UTF8, "");
        assertThat(maven.status()).isEqualTo(400);
        assertThat(maven.header("Content-Type")).startsWith("text/plain");
        assertThat(maven.body()).isEqualTo("Illegal Path Character\n");
    }

    @Test
    void anOversizedHeaderIsA431InTheProtocolsFormat() {
        RawExchange.Answer answer = send("GET", "/v2/", "X-Padding: " + "a".repeat(20_000) + "\r\n");
        assertThat(answer.status()).isEqualTo(431);
        assertThat(json(answer).at("/errors/0/code").asText()).isEqualTo("SIZE_INVALID");
    }

    private static RawExchange.Answer send(String method, String target, String headers) {
        return RawExchange.exchange(
                registry.port(),
                method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + headers + "\r\n",
                new byte[0],
                Duration.ofSeconds(10));
    }

    private static JsonNode json(RawExchange.Answer answer) {
        try {
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + answer, e);
        }
    }
}
