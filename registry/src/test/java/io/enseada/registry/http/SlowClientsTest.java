package io.enseada.registry.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.enseada.registry.testing.RawExchange;
import io.enseada.registry.testing.SlowSenders;
import io.enseada.registry.testing.TestRegistry;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Anonymous clients that send request bodies slowly, over raw sockets from addresses of their own
 * on loopback (127.0.0.2, 127.0.0.3), while a user on 127.0.0.1 keeps working: the workers are
 * never all taken, and the slow connections are cut.
 */
class SlowClientsTest {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private static final String JAR = "/maven/maven-releases/com/acme/app/1.0/app-1.0.jar";
    /** The head of an npm login announcing 8,000 bytes of body, of which it sends the first. */
    private static final String LOGIN = "PUT /npm/npm/-/user/org.couchdb.user:alice HTTP/1.1\r\nHost: localhost\r\n"
            + "Content-Type: application/json\r\nContent-Length: 8000\r\n\r\n{";

    /** A deployed jar and a token to pull it with: what a user keeps doing while slow clients attack. */
    private record Pull(byte[] jar, String token) {
        static Pull prepare(TestRegistry registry, int size) {
            byte[] jar = new byte[size];
            new Random(size).nextBytes(jar);
            assertThat(registry.admin().raw("PUT", JAR, Map.of(), jar).status()).isEqualTo(201);
            return new Pull(
                    jar,
                    registry.admin()
                            .post("/api/v1/tokens", Map.of("description", "pulls"))
                            .json()
                            .at("/token")
                            .asText());
        }

        void works(TestRegistry registry, int round) throws Exception {
            HttpResponse<byte[]> pull = HTTP.send(
                    HttpRequest.newBuilder(registry.url().resolve(JAR))
                            .header("Authorization", "Bearer " + token)
                            .timeout(Duration.ofSeconds(3))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(pull.statusCode())
                    .as("authenticated pull at round %d", round)
                    .isEqualTo(200);
            assertThat(pull.body()).isEqualTo(jar);
        }
    }

    @TempDir
    Path dataDir;

    @Test
    void slowLoginBodiesFromOneAddressStarveNoWorkerAndAreCut() throws Exception {
        try (TestRegistry registry = TestRegistry.start(dataDir, Map.of())) {
            Pull pull = Pull.prepare(registry, 200_000);

            // One byte every two seconds: what the issue saw starve every worker, far below the minimum rate.
            try (SlowSenders trickling = SlowSenders.start(
                            InetAddress.getByName("127.0.0.2"), registry.port(), 300, LOGIN, 1, Duration.ofSeconds(2));
                    // 1,200 bytes a second: above the minimum rate, so only the per-address bound keeps these from
                    // every worker.
                    SlowSenders steady = SlowSenders.start(
                            InetAddress.getByName("127.0.0.3"),
                            registry.port(),
                            300,
                            LOGIN,
                            300,
                            Duration.ofMillis(250))) {
                for (int i = 0; i < 6; i++) {
                    assertThat(health(registry, InetAddress.getLoopbackAddress()))
                            .as("/health/live at round %d", i)
                            .isEqualTo(200);
                    assertThat(health(registry, InetAddress.getByName("127.0.0.2")))
                            .as("/health/live from the trickling address at round %d", i)
                            .isEqualTo(200);
                    pull.works(registry, i);
                    Thread.sleep(1000);
                }

                // Only a few login bodies of one address are read at once; the others wait their turn
                // without a worker, until their connection times out (408) or the turn has not
                // come within 30 s (503).
                // Tricklers keep writing too, so here as well a reset may swallow the answer of a
                // connection closed with their bytes unread (seen for 3 of 300 in a clean-clone run).
                List<SlowSenders.Outcome> cut = trickling.awaitClosed(Duration.ofSeconds(40));
                assertThat(cut).as("trickling connections the server closed").allSatisfy(outcome -> {
                    assertThat(outcome.closedAfter()).isNotNull();
                    assertThat(outcome.statusLine())
                            .satisfiesAnyOf(
                                    status -> assertThat(status).isNull(),
                                    status -> assertThat(status)
                                            .isIn("HTTP/1.1 408 Request Timeout", "HTTP/1.1 503 Service Unavailable"));
                });
                assertThat(cut.stream().filter(outcome -> outcome.statusLine() != null))
                        .as("most are answered before the reset")
                        .hasSizeGreaterThan(cut.size() * 9 / 10);
                assertThat(cut)
                        .as("some were read, and cut as too slow")
                        .anySatisfy(
                                outcome -> assertThat(outcome.statusLine()).isEqualTo("HTTP/1.1 408 Request Timeout"));
                // Steady senders keep writing past their body, so the reset of a connection closed
                // with their bytes unread may swallow its answer before the sender reads it.
                List<SlowSenders.Outcome> answered = steady.awaitClosed(Duration.ofSeconds(20));
                assertThat(answered)
                        .as("steady connections, answered once their body was in or refused their turn")
                        .allSatisfy(outcome -> {
                            assertThat(outcome.closedAfter()).isNotNull();
                            assertThat(outcome.statusLine())
                                    .satisfiesAnyOf(
                                            status -> assertThat(status).isNull(),
                                            status -> assertThat(status).matches("HTTP/1.1 (4\\d\\d|503) .*"));
                        });
                assertThat(answered)
                        .as("some read whole and answered")
                        .anySatisfy(outcome -> assertThat(outcome.statusLine()).startsWith("HTTP/1.1 4"));
            }
        }
    }

    /**
     * The per-address bound does not help against a caller with a handful of addresses (or an
     * IPv6 prefix): 6 × 64 login bodies that stall after their first byte are more requests than
     * Jetty has workers, each held until the idle timeout. Only a few such bodies are read at once.
     */
    @Test
    void stalledLoginBodiesFromSeveralAddressesStarveNoWorker() throws Exception {
        try (TestRegistry registry = TestRegistry.start(dataDir, Map.of())) {
            Pull pull = Pull.prepare(registry, 50_000);
            List<SlowSenders> stalled = new ArrayList<>();
            try {
                for (int address = 2; address <= 7; address++) {
                    stalled.add(SlowSenders.start(
                            InetAddress.getByName("127.0.0." + address),
                            registry.port(),
                            64,
                            LOGIN,
                            0,
                            Duration.ofSeconds(60)));
                }
                Thread.sleep(2000);
                for (int i = 0; i < 3; i++) {
                    assertThat(health(registry, InetAddress.getLoopbackAddress()))
                            .as("/health/live at round %d", i)
                            .isEqualTo(200);
                    pull.works(registry, i);
                    Thread.sleep(1000);
                }
                // Each address has only a few of the places for such bodies, so a login from elsewhere still gets one.
                String body = "{\"name\":\"admin\",\"password\":\"" + TestRegistry.ADMIN_PASSWORD + "\"}";
                RawExchange.Answer login = RawExchange.exchange(
                        registry.port(),
                        "PUT /npm/npm/-/user/org.couchdb.user:admin HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                                + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n",
                        body.getBytes(StandardCharsets.UTF_8),
                        Duration.ofSeconds(5));
                assertThat(login.status()).as(login.toString()).isEqualTo(201);
            } finally {
                for (SlowSenders senders : stalled) {
                    senders.close();
                }
            }
        }
    }

    @Test
    void anAuthenticatedUploadSlowerThanTheMinimumRateIsCutAndStoresNothing() throws Exception {
        try (TestRegistry registry = TestRegistry.start(dataDir, Map.of())) {
            String token = registry.admin()
                    .post("/api/v1/tokens", Map.of("description", "ci"))
                    .json()
                    .at("/token")
                    .asText();
            String auth = "Authorization: Bearer " + token + "\r\n";
            String upload = registry.admin()
                    .raw("POST", "/v2/containers/slow/blobs/uploads/", Map.of(), null)
                    .header("Location");
            Map<String, String> heads = Map.of(
                    "maven",
                            "PUT " + JAR + " HTTP/1.1\r\nHost: localhost\r\n" + auth
                                    + "Content-Length: 1000000\r\n\r\n",
                    "oci",
                            "PATCH " + upload + " HTTP/1.1\r\nHost: localhost\r\n" + auth
                                    + "Content-Type: application/octet-stream\r\nContent-Length: 1000000\r\n\r\n",
                    "npm",
                            "PUT /npm/npm/slow HTTP/1.1\r\nHost: localhost\r\n" + auth
                                    + "Content-Type: application/json\r\nContent-Length: 1000000\r\n\r\n"
                                    + "{\"name\":\"slow\",\"_attachments\":{\"slow-1.0.0.tgz\":{\"data\":\"H4sI");
            for (Map.Entry<String, String> head : heads.entrySet()) {
                // 4 bytes a second, for longer than the grace a body gets from its first byte on.
                RawExchange.Answer answer = RawExchange.exchange(
                        InetAddress.getLoopbackAddress(),
                        registry.port(),
                        head.getValue(),
                        trickle(12, Duration.ofSeconds(1), "AAAA"),
                        Duration.ofSeconds(20));
                assertThat(answer.status()).as(head.getKey() + ": " + answer).isEqualTo(408);
                assertThat(answer.closed()).as(head.getKey()).isTrue();
                assertThat(answer.after()).as(head.getKey()).isLessThan(Duration.ofSeconds(10));
            }
            assertThat(registry.admin().get(JAR).status()).isEqualTo(404);
            assertThat(registry.admin().get("/npm/npm/slow").status()).isEqualTo(404);
            assertThat(registry.admin().raw("GET", upload, Map.of(), null).header("Range"))
                    .isEqualTo("0-0");
        }
    }

    @Test
    void aBodyWhoseFirstBytesComeLateIsMeasuredFromThemAndStored() throws Exception {
        // podman sends a layer's PATCH head, then exports and compresses the layer for seconds
        // before its first bytes: the wait is the idle timeout's business, not the rate's.
        try (TestRegistry registry = TestRegistry.start(dataDir, Map.of())) {
            String token = registry.admin()
                    .post("/api/v1/tokens", Map.of("description", "ci"))
                    .json()
                    .at("/token")
                    .asText();
            String upload = registry.admin()
                    .raw("POST", "/v2/containers/late/blobs/uploads/", Map.of(), null)
                    .header("Location");
            byte[] layer = new byte[256 * 1024];
            new Random(7).nextBytes(layer);
            Supplier<byte[]> late = new Supplier<>() {
                private int part;

                @Override
                public byte[] get() {
                    switch (part++) {
                        case 0 -> {
                            sleep(Duration.ofMillis(2500));
                            return java.util.Arrays.copyOfRange(layer, 0, 100);
                        }
                        case 1 -> {
                            sleep(Duration.ofMillis(300));
                            return java.util.Arrays.copyOfRange(layer, 100, layer.length);
                        }
                        default -> {
                            return null;
                        }
                    }
                }
            };
            RawExchange.Answer answer = RawExchange.exchange(
                    InetAddress.getLoopbackAddress(),
                    registry.port(),
                    "PATCH " + upload + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                            + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + layer.length
                            + "\r\nConnection: close\r\n\r\n",
                    late,
                    Duration.ofSeconds(20));
            assertThat(answer.status()).as(answer.toString()).isEqualTo(202);
            assertThat(registry.admin().raw("GET", upload, Map.of(), null).header("Range"))
                    .isEqualTo("0-" + (layer.length - 1));
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void refusedRequestsAreAnsweredAtOnceWithoutWaitingForTheirBody() throws Exception {
        try (TestRegistry registry = TestRegistry.start(dataDir, Map.of())) {
            String gigabyte = "Content-Length: 1073741824\r\n\r\n";
            Map<String, Integer> refusals = Map.of(
                    "PUT " + JAR + " HTTP/1.1\r\nHost: localhost\r\n" + gigabyte, 401,
                    "PATCH /v2/containers/x/blobs/uploads/abc HTTP/1.1\r\nHost: localhost\r\n" + gigabyte, 401,
                    "PUT /npm/npm/-/user/org.couchdb.user:alice HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                                    + gigabyte,
                            413);
            for (Map.Entry<String, Integer> refusal : refusals.entrySet()) {
                RawExchange.Answer answer = RawExchange.exchange(
                        registry.port(), refusal.getKey(), new byte[] {'{'}, Duration.ofSeconds(10));
                assertThat(answer.status()).as(answer.toString()).isEqualTo(refusal.getValue());
                assertThat(answer.closed())
                        .as("connection closed, not kept to drain a gigabyte: " + answer)
                        .isTrue();
                assertThat(answer.after()).isLessThan(Duration.ofSeconds(3));
            }
        }
    }

    private static int health(TestRegistry registry, InetAddress from) {
        RawExchange.Answer answer = RawExchange.exchange(
                from,
                registry.port(),
                "GET /health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                () -> null,
                Duration.ofSeconds(3));
        return answer.status();
    }

    /** {@code count} times {@code piece}, one every {@code every}. */
    private static Supplier<byte[]> trickle(int count, Duration every, String piece) {
        return new Supplier<>() {
            private int sent;

            @Override
            public byte[] get() {
                if (sent++ == count) {
                    return null;
                }
                try {
                    Thread.sleep(every.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
                return piece.getBytes(StandardCharsets.US_ASCII);
            }
        };
    }
}
