package io.enseada.registry.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.registry.npm.TestPackages;
import io.enseada.registry.testing.RawExchange;
import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.json.Json;
import io.enseada.shared.testing.HttpSession;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every body the registry parses in memory has a cap: past it the answer is 413 in the protocol's
 * format, before the body is read when its length says so, and as soon as the cap is passed when it
 * is streamed without end. Tarballs, layers and artifacts are not capped.
 */
class RequestBodyCapsTest {
    private static final ObjectMapper JSON = Json.newMapper();
    private static final long ENDLESS = 64L * 1024 * 1024;

    @TempDir
    static Path dataDir;

    static TestRegistry registry;
    static String auth;

    @BeforeAll
    static void start() {
        registry = TestRegistry.start(dataDir, Map.of());
        String token = registry.admin()
                .post("/api/v1/tokens", Map.of("description", "caps"))
                .json()
                .at("/token")
                .asText();
        auth = "Authorization: Bearer " + token + "\r\n";
        assertThat(registry.admin()
                        .put("/npm/npm/capped", TestPackages.publishBody("capped", "1.0.0"))
                        .status())
                .isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    /**
     * What each capped body is: where it goes, how its stream starts, its cap, whether it needs no
     * credentials, and whether a declared length over the cap is refused (not for a publish: its
     * tarball, not capped, is part of the same body).
     */
    private record Capped(String method, String path, String start, int cap, boolean anonymous, boolean byLength) {
        Capped(String method, String path, String start, int cap, boolean anonymous) {
            this(method, path, start, cap, anonymous, true);
        }
    }

    private static Map<String, Capped> cappedBodies() {
        Map<String, Capped> bodies = new LinkedHashMap<>();
        bodies.put(
                "npm login",
                new Capped(
                        "PUT",
                        "/npm/npm/-/user/org.couchdb.user:alice",
                        "{\"name\":\"alice\",\"password\":\"",
                        RequestBodies.SMALL_JSON,
                        true));
        bodies.put(
                "npm token create",
                new Capped("POST", "/npm/npm/-/npm/v1/tokens", "{\"password\":\"", RequestBodies.SMALL_JSON, false));
        bodies.put(
                "npm dist-tag",
                new Capped(
                        "PUT", "/npm/npm/-/package/capped/dist-tags/beta", "\"1.0.", RequestBodies.SMALL_JSON, false));
        bodies.put(
                "npm publish document",
                new Capped(
                        "PUT",
                        "/npm/npm/capped",
                        "{\"name\":\"capped\",\"readme\":\"",
                        RequestBodies.PACKAGE_DOCUMENT,
                        false,
                        false));
        bodies.put(
                "npm unpublish document",
                new Capped(
                        "PUT",
                        "/npm/npm/capped/-rev/1-enseada",
                        "{\"name\":\"capped\",\"readme\":\"",
                        RequestBodies.PACKAGE_DOCUMENT,
                        false));
        bodies.put(
                "management API", new Capped("POST", "/api/v1/users", "{\"name\":\"", RequestBodies.API_JSON, false));
        bodies.put(
                "Maven metadata",
                new Capped(
                        "PUT",
                        "/maven/maven-releases/com/acme/app/maven-metadata.xml",
                        "<metadata><!--",
                        1 << 20,
                        false));
        bodies.put(
                "Maven checksum",
                new Capped("PUT", "/maven/maven-releases/com/acme/app/1.0/app-1.0.jar.sha1", "0", 1024, false));
        bodies.put(
                "OCI manifest",
                new Capped(
                        "PUT",
                        "/v2/containers/capped/manifests/1.0",
                        "{\"schemaVersion\":2,\"x\":\"",
                        4 * 1024 * 1024,
                        false));
        return bodies;
    }

    @Test
    void aBodyStreamedWithoutEndIsCutAtItsCapWithA413InTheProtocolsFormat() {
        cappedBodies().forEach((what, body) -> {
            String head = body.method() + " " + body.path() + " HTTP/1.1\r\nHost: localhost\r\n"
                    + (body.anonymous() ? "" : auth)
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
            RawExchange.Answer answer = RawExchange.exchange(
                    InetAddress.getLoopbackAddress(),
                    registry.port(),
                    head,
                    endlessChunks(body.start()),
                    Duration.ofSeconds(30));
            assertThat(answer.status()).as(what + ": " + answer).isEqualTo(413);
            assertThat(answer.closed()).as(what).isTrue();
            // The server stopped reading near the cap (plus what the sockets buffer), not at the end of the stream.
            assertThat(answer.bytesSent()).as(what).isLessThan(body.cap() + 8L * 1024 * 1024);
            assertProtocolFormat(what, body.path(), answer);
        });
        assertThat(registry.admin()
                        .get("/npm/npm/capped")
                        .json()
                        .at("/dist-tags")
                        .toString())
                .isEqualTo("{\"latest\":\"1.0.0\"}");
        assertThat(registry.admin().get("/api/v1/users").text()).doesNotContain("xxxx");
    }

    @Test
    void aBodyDeclaredLargerThanItsCapIsRefusedBeforeAByteIsRead() {
        cappedBodies().forEach((what, body) -> {
            if (!body.byLength()) {
                return;
            }
            String head = body.method() + " " + body.path() + " HTTP/1.1\r\nHost: localhost\r\n"
                    + (body.anonymous() ? "" : auth) + "Content-Type: application/json\r\nContent-Length: "
                    + (body.cap() + 1L) + "\r\n\r\n";
            RawExchange.Answer answer =
                    RawExchange.exchange(registry.port(), head, new byte[0], Duration.ofSeconds(10));
            assertThat(answer.status()).as(what + ": " + answer).isEqualTo(413);
            assertThat(answer.closed()).as(what).isTrue();
            assertThat(answer.after()).as(what).isLessThan(Duration.ofSeconds(3));
            assertProtocolFormat(what, body.path(), answer);
        });
    }

    @Test
    void aManifestDeclaringTenGigabytesIsRefusedAtOnce() {
        String head = "PUT /v2/containers/big/manifests/1.0 HTTP/1.1\r\nHost: localhost\r\n" + auth
                + "Content-Type: application/vnd.oci.image.manifest.v1+json\r\nContent-Length: 10000000000\r\n\r\n";
        RawExchange.Answer answer = RawExchange.exchange(
                registry.port(), head, "{\"schemaVersion\":2".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(413);
        assertThat(answer.after()).isLessThan(Duration.ofSeconds(3));
        assertThat(json(answer).at("/errors/0/code").asText()).isEqualTo("SIZE_INVALID");
        assertThat(json(answer).at("/errors/0/message").asText()).contains("4194304");
    }

    @Test
    void aTarballLargerThanTheDocumentCapIsPublished() {
        byte[] incompressible = new byte[RequestBodies.PACKAGE_DOCUMENT + (4 << 20)];
        new Random(11).nextBytes(incompressible);
        String packageJson = "{\"name\":\"huge\",\"version\":\"1.0.0\"}";
        byte[] tarball = TestPackages.tarball(packageJson, incompressible);
        HttpSession.Response published =
                registry.admin().put("/npm/npm/huge", TestPackages.publishBody("huge", "1.0.0", tarball));
        assertThat(published.status()).as(published.toString()).isEqualTo(201);
        HttpSession.Response fetched = registry.admin().get("/npm/npm/huge/-/huge-1.0.0.tgz");
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.header("Content-Length")).isEqualTo(Integer.toString(tarball.length));
    }

    private static void assertProtocolFormat(String what, String path, RawExchange.Answer answer) {
        if (path.startsWith("/npm/")) {
            assertThat(json(answer).path("error").asText()).as(what).contains("too large");
        } else if (path.startsWith("/api/")) {
            assertThat(json(answer).at("/error/code").asText()).as(what).isEqualTo("SIZE_INVALID");
        } else if (path.startsWith("/v2/")) {
            assertThat(json(answer).at("/errors/0/code").asText()).as(what).isEqualTo("SIZE_INVALID");
        } else {
            assertThat(answer.header("Content-Type")).as(what).startsWith("text/plain");
            assertThat(answer.body()).as(what).contains("larger than");
        }
    }

    private static JsonNode json(RawExchange.Answer answer) {
        try {
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + answer, e);
        }
    }

    /** {@code start}, then filler, in HTTP chunks, up to {@link #ENDLESS} bytes and without the closing chunk. */
    private static Supplier<byte[]> endlessChunks(String start) {
        byte[] filler = new byte[64 * 1024];
        Arrays.fill(filler, (byte) 'x');
        return new Supplier<>() {
            private long sent;

            @Override
            public byte[] get() {
                if (sent >= ENDLESS) {
                    return null;
                }
                byte[] data = sent == 0 ? concat(start.getBytes(StandardCharsets.UTF_8), filler) : filler;
                sent += data.length;
                return concat(
                        (Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII),
                        data,
                        "\r\n".getBytes(StandardCharsets.US_ASCII));
            }
        };
    }

    private static byte[] concat(byte[]... parts) {
        int length = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
