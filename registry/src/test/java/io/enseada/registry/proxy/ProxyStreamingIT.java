package io.enseada.registry.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.proxy.GatedUpstream.Mode;
import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The first client of an uncached OCI blob, npm tarball or Maven artifact gets its bytes as they
 * arrive from the upstream, while they are stored: a loopback upstream sends the first MiB of a
 * 6 MiB file and then waits, and the client already holds that first part. The other cases: 20
 * first clients at once (one upstream fetch), bytes that do not verify, a client that hangs up, and
 * an upstream that stalls mid-body, against a second Enseada with a 1 s idle timeout (the first
 * keeps the default 30 s, so that a gated upstream is never mistaken for a stalled one). npm and
 * Maven are read through a group, as their clients use them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProxyStreamingIT {
    private static final ObjectMapper JSON = Json.newMapper();
    private static final int SIZE = 6 << 20;
    private static final String AUTHORIZATION = "Basic "
            + Base64.getEncoder()
                    .encodeToString(("admin:" + TestRegistry.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));

    @TempDir
    static Path dir;

    private GatedUpstream upstream;
    private TestRegistry registry;
    private TestRegistry impatient;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** What was streamed and must then be served with the upstream gone. */
    private final List<Item> cached = new ArrayList<>();

    private record Item(String path, String upstreamPath, String contentType, byte[] body) {}

    @BeforeAll
    void start() throws Exception {
        upstream = new GatedUpstream();
        Path config = dir.resolve("enseada.yaml");
        Files.writeString(config, """
                repositories:
                  - {name: hub, format: oci, kind: proxy, proxy: {url: "%1$s"}}
                  - {name: npm, format: npm}
                  - {name: npmjs, format: npm, kind: proxy, proxy: {url: "%1$s"}}
                  - {name: npm-all, format: npm, kind: group, group: {members: [npm, npmjs]}}
                  - {name: releases, format: maven}
                  - {name: central, format: maven, kind: proxy, proxy: {url: "%1$s"}}
                  - {name: maven-all, format: maven, kind: group, group: {members: [releases, central]}}
                """.formatted(upstream.url()));
        registry = TestRegistry.start(dir.resolve("data"), Map.of("ENSEADA_CONFIG", config.toString()));
        impatient = TestRegistry.start(
                dir.resolve("impatient"),
                Map.of("ENSEADA_CONFIG", config.toString(), "ENSEADA_PROXY_BODY_IDLE_TIMEOUT", "PT1S"));
    }

    @AfterAll
    void stop() {
        registry.close();
        impatient.close();
        upstream.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"oci", "npm", "maven"})
    @Order(1)
    void theFirstClientHasTheFirstBytesWhileTheUpstreamStillHoldsTheRest(String format) throws Exception {
        Item item = item(format, "streamed", Mode.GATED);

        HttpResponse<InputStream> response = started(registry, item);

        assertThat(response.headers().firstValue("Content-Encoding"))
                .as("a client asking for gzip gets the stored bytes")
                .isEmpty();
        if (format.equals("oci")) {
            assertThat(response.headers().firstValue("Docker-Content-Digest")).hasValue(digest(item));
        }
        InputStream body = response.body();
        byte[] first = within(() -> body.readNBytes(GatedUpstream.FIRST_PART / 2));
        assertThat(first).isEqualTo(slice(item.body(), 0, first.length));
        assertThat(upstream.restSent(item.upstreamPath()))
                .as("the upstream still holds the rest")
                .isFalse();
        if (format.equals("maven")) {
            // the checksum is asked for while the jar arrives, not a round trip after it
            await().atMost(Duration.ofSeconds(30)).until(() -> upstream.gets(item.upstreamPath() + ".sha1") == 1);
        }

        upstream.open(item.upstreamPath());

        byte[] rest = body.readAllBytes();
        assertThat(sha256(concat(first, rest))).isEqualTo(sha256(item.body()));
        assertServedFromTheCache(item, 1);
        cached.add(item);
    }

    @ParameterizedTest
    @ValueSource(strings = {"oci", "npm", "maven"})
    @Order(2)
    void twentyFirstClientsAtOnceCauseOneUpstreamFetchAndAllGetTheWholeBody(String format) throws Exception {
        Item item = item(format, "burst", Mode.GATED);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<HttpResponse<byte[]>>> downloads = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                downloads.add(
                        pool.submit(() -> http.send(request(item.path()), HttpResponse.BodyHandlers.ofByteArray())));
            }
            assertThat(upstream.awaitFirstPart(item.upstreamPath())).isTrue();
            upstream.open(item.upstreamPath());
            for (Future<HttpResponse<byte[]>> download : downloads) {
                HttpResponse<byte[]> response = download.get(2, TimeUnit.MINUTES);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(sha256(response.body())).isEqualTo(sha256(item.body()));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(upstream.gets(item.upstreamPath()))
                .as("upstream fetches for 20 clients")
                .isEqualTo(1);
        cached.add(item);
    }

    @ParameterizedTest
    @ValueSource(strings = {"oci", "npm", "maven"})
    @Order(3)
    void bytesThatDoNotVerifyReachTheFirstClientAsABrokenTransferAndAreNotCached(String format) throws Exception {
        Item item = item(format, "tampered", Mode.CORRUPT);

        assertCutShort(started(registry, item).body(), 0);
        retriedUpstream(registry, item);
    }

    @ParameterizedTest
    @ValueSource(strings = {"oci", "npm", "maven"})
    @Order(4)
    void aFirstClientThatHangsUpMidBodyLeavesTheFillToCompleteAndBeCached(String format) throws Exception {
        Item item = item(format, "abandoned", Mode.GATED);
        try (Socket socket = new Socket("127.0.0.1", registry.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + item.path() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + AUTHORIZATION
                            + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] part = within(() -> in.readNBytes(GatedUpstream.FIRST_PART / 2));
            assertThat(new String(part, 0, 15, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200 OK");
        }
        assertThat(upstream.restSent(item.upstreamPath())).isFalse();

        upstream.open(item.upstreamPath());

        assertServedFromTheCache(item, 1);
        cached.add(item);
    }

    @ParameterizedTest
    @ValueSource(strings = {"oci", "npm", "maven"})
    @Order(5)
    void anUpstreamThatStallsMidBodyCutsTheFirstClientsAnswerAndCachesNothing(String format) throws Exception {
        Item item = item(format, "stalled", Mode.STALLED);

        InputStream body = started(impatient, item).body();
        byte[] first = within(() -> body.readNBytes(GatedUpstream.FIRST_PART / 2));
        assertThat(first).hasSize(GatedUpstream.FIRST_PART / 2);
        assertCutShort(body, first.length);
        retriedUpstream(impatient, item);
    }

    @ParameterizedTest
    @ValueSource(strings = {"oci", "npm", "maven"})
    @Order(5)
    void aSmallBodyThatStallsIsAGatewayTimeoutInTheProtocolsOwnErrorAndCachesNothing(String format) throws Exception {
        Item item = item(format, "small-stalled", Mode.STALLED, 512 << 10);

        HttpResponse<byte[]> refused =
                http.send(request(impatient, item.path()), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(refused.statusCode()).isEqualTo(504);
        assertThat(new String(refused.body(), StandardCharsets.UTF_8))
                .contains("upstream 127.0.0.1")
                .contains("stalled: no byte of the body arrived for 1 s")
                .contains("it is not cached here");
        retriedUpstream(impatient, item);
    }

    @Test
    @Order(6)
    void aRangeOfAnUncachedBlobIsServedOnceTheBlobIsStored() throws Exception {
        Item item = item("oci", "ranged", Mode.WHOLE);

        HttpResponse<byte[]> response = http.send(
                HttpRequest.newBuilder(uri(item.path()))
                        .header("Authorization", AUTHORIZATION)
                        .header("Range", "bytes=100-199")
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes 100-199/" + SIZE);
        assertThat(response.body()).isEqualTo(slice(item.body(), 100, 100));
        assertServedFromTheCache(item, 1);
    }

    @Test
    @Order(7)
    void whatWasStreamedIsServedWithTheUpstreamGone() throws Exception {
        upstream.close();
        assertThat(cached).hasSize(9);
        for (Item item : cached) {
            HttpResponse<byte[]> response = http.send(request(item.path()), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).as(item.path()).isEqualTo(200);
            assertThat(sha256(response.body())).as(item.path()).isEqualTo(sha256(item.body()));
        }
    }

    /** The rest of the body ends in a read failure short of its length, never in a clean end. */
    private static void assertCutShort(InputStream body, int alreadyRead) throws Exception {
        byte[] received = new byte[SIZE];
        int[] got = {alreadyRead};
        assertThatThrownBy(() -> within(() -> {
                    for (int n; (n = body.read(received, got[0], SIZE - got[0])) > 0; ) {
                        got[0] += n;
                    }
                    return got[0];
                }))
                .as("the body is cut, never completed")
                .hasRootCauseInstanceOf(IOException.class);
        assertThat(got[0]).as("bytes received of " + SIZE).isLessThan(SIZE);
    }

    /** After a failed fill nothing is cached: the next request fetches again, and gets the right bytes. */
    private void retriedUpstream(TestRegistry through, Item item) throws Exception {
        upstream.serve(item.upstreamPath(), item.body(), item.contentType(), Mode.WHOLE);
        HttpResponse<byte[]> again = http.send(request(through, item.path()), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(sha256(again.body())).isEqualTo(sha256(item.body()));
        assertThat(upstream.gets(item.upstreamPath()))
                .as("nothing was cached from the failed fill")
                .isEqualTo(2);
    }

    private void assertServedFromTheCache(Item item, int upstreamGets) throws Exception {
        HttpResponse<byte[]> again = http.send(request(item.path()), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(sha256(again.body())).isEqualTo(sha256(item.body()));
        assertThat(upstream.gets(item.upstreamPath())).isEqualTo(upstreamGets);
    }

    /** A file of {@code SIZE} bytes, on the upstream in {@code mode}; its path through Enseada. */
    private Item item(String format, String test, Mode mode) throws Exception {
        return item(format, test, mode, SIZE);
    }

    private Item item(String format, String test, Mode mode, int size) throws Exception {
        String name = test + "-" + format;
        byte[] body = new byte[size];
        new Random(name.hashCode()).nextBytes(body);
        Item item = switch (format) {
            case "oci" -> {
                String digest = "sha256:" + sha256(body);
                yield new Item(
                        "/v2/hub/lib/" + name + "/blobs/" + digest,
                        "/v2/lib/" + name + "/blobs/" + digest,
                        "application/octet-stream",
                        body);
            }
            case "npm" -> {
                String tarball = "/" + name + "/-/" + name + "-1.0.0.tgz";
                publishPackument(name, tarball, body);
                yield new Item("/npm/npm-all" + tarball, tarball, "application/octet-stream", body);
            }
            default -> {
                String jar = "/org/example/" + name + "/1.0/" + name + "-1.0.jar";
                upstream.serve(
                        jar + ".sha1",
                        hex("SHA-1", body).getBytes(StandardCharsets.US_ASCII),
                        "text/plain",
                        Mode.WHOLE);
                yield new Item("/maven/maven-all" + jar, jar, "application/java-archive", body);
            }
        };
        upstream.serve(item.upstreamPath(), body, item.contentType(), mode);
        return item;
    }

    private void publishPackument(String name, String tarball, byte[] body) throws Exception {
        ObjectNode packument = JSON.createObjectNode().put("name", name);
        packument.putObject("dist-tags").put("latest", "1.0.0");
        ObjectNode version = packument
                .putObject("versions")
                .putObject("1.0.0")
                .put("name", name)
                .put("version", "1.0.0");
        version.putObject("dist")
                .put("tarball", upstream.url().resolve(tarball.substring(1)).toString())
                .put("integrity", "sha512-" + Base64.getEncoder().encodeToString(hash("SHA-512", body)))
                .put("shasum", hex("SHA-1", body));
        upstream.serve("/" + name, JSON.writeValueAsBytes(packument), "application/json", Mode.WHOLE);
    }

    /** A download of an uncached item: its answer begins at once, promising the upstream's length. */
    private HttpResponse<InputStream> started(TestRegistry through, Item item) throws Exception {
        HttpResponse<InputStream> response =
                http.send(request(through, item.path()), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValueAsLong("Content-Length"))
                .as("the upstream's length, as the bytes go out unchanged")
                .hasValue(SIZE);
        return response;
    }

    private HttpRequest request(String path) {
        return request(registry, path);
    }

    /** As skopeo and podman ask: they accept gzip. */
    private HttpRequest request(TestRegistry through, String path) {
        return HttpRequest.newBuilder(URI.create(through.url() + path))
                .header("Authorization", AUTHORIZATION)
                .header("Accept-Encoding", "gzip")
                .build();
    }

    private URI uri(String path) {
        return URI.create(registry.url() + path);
    }

    private interface Read<T> {
        T read() throws IOException;
    }

    /** A read bounded so that a proxy that does not stream fails the test rather than hanging it. */
    private static <T> T within(Read<T> read) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
                    try {
                        return read.read();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })
                .get(60, TimeUnit.SECONDS);
    }

    private static String digest(Item item) throws NoSuchAlgorithmException {
        return "sha256:" + sha256(item.body());
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return hex("SHA-256", bytes);
    }

    private static String hex(String algorithm, byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(hash(algorithm, bytes));
    }

    private static byte[] hash(String algorithm, byte[] bytes) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance(algorithm).digest(bytes);
    }

    private static byte[] slice(byte[] bytes, int from, int length) {
        byte[] part = new byte[length];
        System.arraycopy(bytes, from, part, 0, length);
        return part;
    }

    private static byte[] concat(byte[] one, byte[] two) {
        byte[] both = new byte[one.length + two.length];
        System.arraycopy(one, 0, both, 0, one.length);
        System.arraycopy(two, 0, both, one.length, two.length);
        return both;
    }
}
