package io.enseada.registry.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.npm.TestPackages;
import io.enseada.registry.testing.RawHttp;
import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.json.Json;
import io.enseada.shared.testing.AuthorizationHeader;
import io.enseada.shared.testing.HttpSession;
import io.javalin.http.HandlerType;
import io.javalin.router.ParsedEndpoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every GET and HEAD route of every protocol, with and without {@code Accept-Encoding: gzip}
 * (what every Go client sends), over a raw socket that decodes nothing: the status, the framing
 * ({@code Content-Length} against the bytes that arrived, or well-formed chunks), the encoding,
 * and the decoded bytes against what was stored. Content is of real size: a 6 MiB layer in a
 * manifest of 15 layers, an 8 MiB jar, a 3 MiB tarball. The routes come from the router itself,
 * so a route added without a probe here fails {@link #everyGetAndHeadRouteIsSwept()}.
 */
class ResponseSweepTest {
    private static final ObjectMapper JSON = Json.newMapper();
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String IMAGE = "containers/sweep/app";
    private static final String GROUP_DIR = "/maven/maven-releases/com/example/sweep/";
    private static final String VERSION_DIR = GROUP_DIR + "sweep-lib/1.0.0/";
    private static final Map<String, String> GZIP = Map.of("Accept-Encoding", "gzip");
    /** HEAD must repeat these headers of the GET. */
    private static final List<String> HEAD_HEADERS = List.of(
            "Content-Type",
            "Content-Encoding",
            "Content-Disposition",
            "ETag",
            "Docker-Content-Digest",
            "Last-Modified",
            "X-Checksum-SHA1",
            "Vary",
            "WWW-Authenticate",
            "X-Content-Type-Options",
            "Content-Security-Policy");

    @TempDir
    static Path dataDir;

    static TestRegistry registry;
    static RawHttp http;
    static String adminAuthorization;
    static final List<Probe> PROBES = new ArrayList<>();
    static byte[] bigLayer;
    static byte[] pom;

    @BeforeAll
    static void start() throws Exception {
        registry = TestRegistry.start(dataDir, Map.of());
        http = new RawHttp("127.0.0.1", registry.port());
        adminAuthorization = AuthorizationHeader.basic("admin", TestRegistry.ADMIN_PASSWORD);
        HttpSession admin = registry.admin();
        Random random = new Random(11);
        ociContent(admin, random);
        mavenContent(admin, random);
        npmContent(admin, random);
        apiContent(admin);
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    // ------------------------------------------------------------------ content

    private static void ociContent(HttpSession admin, Random random) throws Exception {
        bigLayer = bytes(random, 6 * 1024 * 1024);
        byte[] textLayer = "a layer that gzip would love to shrink, line after line\n"
                .repeat(40_000)
                .getBytes(StandardCharsets.UTF_8);
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                .getBytes(StandardCharsets.UTF_8);
        List<byte[]> layers = new ArrayList<>(List.of(bigLayer, textLayer));
        for (int i = 0; i < 13; i++) {
            layers.add(bytes(random, 1024 + random.nextInt(300 * 1024)));
        }
        ObjectNode manifest = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", OCI_MANIFEST);
        manifest.set("config", descriptor(admin, "application/vnd.oci.image.config.v1+json", config));
        ArrayNode descriptors = manifest.putArray("layers");
        for (byte[] layer : layers) {
            descriptors.add(descriptor(admin, "application/vnd.oci.image.layer.v1.tar+gzip", layer));
        }
        byte[] manifestBytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
        String manifestDigest = pushManifest(admin, "1.0", manifestBytes);

        // A referrer (an SBOM-like artifact) so that the referrers listing is not empty.
        byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
        ObjectNode referrer = JSON.createObjectNode()
                .put("schemaVersion", 2)
                .put("mediaType", OCI_MANIFEST)
                .put("artifactType", "application/vnd.example.sbom");
        referrer.set("config", descriptor(admin, "application/vnd.oci.empty.v1+json", empty));
        referrer.putArray("layers").add(descriptor(admin, "application/vnd.example.sbom.layer", bytes(random, 4096)));
        referrer.putObject("subject")
                .put("mediaType", OCI_MANIFEST)
                .put("digest", manifestDigest)
                .put("size", manifestBytes.length);
        byte[] referrerBytes = JSON.writeValueAsBytes(referrer);
        pushManifest(admin, sha256(referrerBytes), referrerBytes);

        HttpSession.Response upload = admin.raw("POST", "/v2/" + IMAGE + "/blobs/uploads/", Map.of(), null);
        assertThat(upload.status()).as(upload.toString()).isEqualTo(202);

        String v2 = "/v2/" + IMAGE;
        probe("/v2/", 200, same());
        probe("/v2", 200, same());
        probe("/v2/_catalog", 200, same());
        probe(v2 + "/tags/list", 200, same());
        probe(v2 + "/manifests/1.0", Map.of("Accept", OCI_MANIFEST), 200, exact(manifestBytes, false));
        probe(v2 + "/manifests/" + manifestDigest, Map.of("Accept", OCI_MANIFEST), 200, exact(manifestBytes, false));
        probe(v2 + "/blobs/" + sha256(bigLayer), 200, exact(bigLayer, true));
        probe(v2 + "/blobs/" + sha256(textLayer), 200, exact(textLayer, true));
        probe(v2 + "/blobs/" + sha256(config), 200, exact(config, true));
        probe(
                v2 + "/blobs/" + sha256(bigLayer),
                Map.of("Range", "bytes=1048576-3145727"),
                206,
                exact(Arrays.copyOfRange(bigLayer, 1048576, 3145728), true));
        probe(v2 + "/referrers/" + manifestDigest, 200, containing("application/vnd.example.sbom"));
        probe(upload.header("Location"), 204, same());
        probe(v2 + "/blobs/sha256:" + "0".repeat(64), 404, same());
        anonymous("/v2/", 401);
        anonymous(v2 + "/manifests/1.0", 401);
    }

    private static void mavenContent(HttpSession admin, Random random) {
        byte[] jar = bytes(random, 8 * 1024 * 1024);
        pom = ("<?xml version=\"1.0\"?>\n<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n"
                        + "  <modelVersion>4.0.0</modelVersion>\n  <groupId>com.example.sweep</groupId>\n"
                        + "  <artifactId>sweep-lib</artifactId>\n  <version>1.0.0</version>\n"
                        + "  <description><script xmlns=\"http://www.w3.org/1999/xhtml\">alert(document.cookie)</script></description>\n"
                        + "</project>\n")
                .getBytes(StandardCharsets.UTF_8);
        deploy(admin, VERSION_DIR + "sweep-lib-1.0.0.jar", jar);
        deploy(admin, VERSION_DIR + "sweep-lib-1.0.0.pom", pom);

        probe("/maven/maven-releases/", 200, containing("com/"));
        probe(GROUP_DIR, 200, containing("sweep-lib/"));
        probe(GROUP_DIR, Map.of("Accept", "application/json"), 200, containing("\"sweep-lib\""));
        probe(VERSION_DIR + "sweep-lib-1.0.0.jar", 200, exact(jar, true));
        probe(VERSION_DIR + "sweep-lib-1.0.0.pom", 200, exact(pom, true));
        probe(
                VERSION_DIR + "sweep-lib-1.0.0.jar.sha1",
                200,
                exact(hex("SHA-1", jar).getBytes(StandardCharsets.US_ASCII), true));
        probe(
                VERSION_DIR + "sweep-lib-1.0.0.jar.sha256",
                200,
                exact(hex("SHA-256", jar).getBytes(StandardCharsets.US_ASCII), true));
        probe(GROUP_DIR + "sweep-lib/maven-metadata.xml.sha1", 200, same());
        probe(GROUP_DIR + "sweep-lib/maven-metadata.xml", 200, containing("<version>1.0.0</version>"));
        probe(VERSION_DIR + "sweep-lib-1.0.1.jar", 404, same());
    }

    private static void npmContent(HttpSession admin, Random random) {
        byte[] tarball =
                TestPackages.tarball(TestPackages.packageJson("sweep-pkg", "1.0.0"), bytes(random, 3 * 1024 * 1024));
        publish(admin, TestPackages.publishBody("sweep-pkg", "1.0.0", tarball));
        for (int patch = 1; patch <= 7; patch++) { // enough versions for a packument gzip is worth it for
            publish(admin, TestPackages.publishBody("sweep-pkg", "1.0." + patch));
        }
        String npm = "/npm/npm";
        probe(npm + "/sweep-pkg", 200, same().compressible());
        probe(npm + "/sweep-pkg", Map.of("Accept", "application/vnd.npm.install-v1+json"), 200, same().compressible());
        probe(npm + "/sweep-pkg/1.0.0", 200, same());
        probe(npm + "/sweep-pkg/-/sweep-pkg-1.0.0.tgz", 200, exact(tarball, true));
        probe(npm + "/-/package/sweep-pkg/dist-tags", 200, same());
        probe(npm + "/-/v1/search?text=sweep", 200, containing("\"sweep-pkg\""));
        probe(npm + "/-/ping", 200, same());
        probe(npm + "/-/whoami", 200, containing("\"admin\""));
        probe(npm + "/-/npm/v1/tokens", 200, same());
        probe(npm + "/no-such-package", 404, same());
    }

    /** The web UI's pages, as an administrator's Basic credentials open them; the sign-in form carries a fresh token each time. */
    private static void uiPages() {
        probe("/", Map.of("Accept", "text/html"), 303, same());
        probe("/ui/", 200, containing("Dashboard").compressible());
        probe("/ui/login", 200, containing("Sign in to Enseada"));
        probe("/ui/search?q=sweep", 200, containing("sweep/app"));
        probe("/ui/repositories/containers", 200, containing("sweep/app").compressible());
        probe("/ui/repositories/containers/sweep/app", 200, containing("Layers").compressible());
        probe("/ui/admin/tokens", 200, containing("API tokens").compressible());
        probe("/ui/admin/users", 200, containing("admin").compressible());
        probe("/ui/admin/users/admin", 200, containing("admin").compressible());
        probe("/ui/admin/robots", 200, containing("ci").compressible());
        probe("/ui/admin/policies", 200, containing("ci-push").compressible());
        probe("/ui/admin/audit", 200, containing("policy.create").compressible());
        probe("/ui/admin/storage", 200, containing("containers").compressible());
        probe("/ui/assets/" + stylesheet(), 200, same().compressible());
        probe("/ui/no-such-page", 404, containing("Not found"));
    }

    /** The stylesheet's content-hashed name, as the UI computes it. */
    private static String stylesheet() {
        try (java.io.InputStream css = ResponseSweepTest.class.getResourceAsStream("/ui/enseada.css")) {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(css.readAllBytes());
            return "enseada." + java.util.HexFormat.of().formatHex(digest, 0, 6) + ".css";
        } catch (java.io.IOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void apiContent(HttpSession admin) {
        created(admin.post("/api/v1/robots", Map.of("name", "ci", "description", "build pipelines")));
        created(admin.post(
                "/api/v1/policies",
                Map.of(
                        "name",
                        "ci-push",
                        "subjects",
                        List.of("robot:ci"),
                        "rules",
                        List.of(Map.of("repositories", List.of("containers"), "actions", List.of("read", "write"))))));
        String tokenId = created(admin.post("/api/v1/tokens", Map.of("owner", "robot:ci", "description", "sweep")))
                .json()
                .at("/details/id")
                .asText();

        probe("/health/live", 200, same());
        probe("/health/ready", 200, same());
        probe("/metrics", 200, containing("enseada_http_server_requests").compressible());
        probe("/api/openapi.json", 200, same().compressible());
        probe("/auth/token?service=127.0.0.1&scope=repository:" + IMAGE + ":pull", 200, containing("\"token\""));
        probe("/api/v1/whoami", 200, same());
        probe("/api/v1/users", 200, same());
        probe("/api/v1/users/admin", 200, same());
        probe("/api/v1/robots", 200, same());
        probe("/api/v1/robots/ci", 200, same());
        probe("/api/v1/tokens?owner=*", 200, same());
        probe("/api/v1/tokens/" + tokenId, 200, same());
        probe("/api/v1/policies", 200, same());
        probe("/api/v1/policies/ci-push", 200, same());
        probe("/api/v1/audit", 200, same());
        probe("/api/v1/maintenance/gc", 200, same());
        probe("/api/v1/repositories", 200, same());
        probe("/api/v1/repositories/containers", 200, same());
        probe("/api/v1/repositories/containers/packages?sort=updated&order=desc", 200, containing("\"sweep/app\""));
        probe("/api/v1/repositories/containers/packages/sweep/app", 200, containing("\"manifests\""));
        probe("/api/v1/search?q=sweep", 200, containing("\"sweep/app\""));
        probe("/api/v1/activity", 200, containing("\"sweep/app\""));
        probe("/api/v1/users/nobody", 404, same());
        uiPages();
    }

    // ------------------------------------------------------------------ the sweep

    @Test
    void everyGetAndHeadRouteIsSwept() {
        List<ParsedEndpoint> endpoints = registry.endpoints();
        Set<String> gets = paths(endpoints, HandlerType.GET);
        Set<String> heads = paths(endpoints, HandlerType.HEAD);
        assertThat(heads)
                .as("a HEAD route beside every GET route, and no other")
                .isEqualTo(gets);

        Set<String> swept = PROBES.stream()
                .map(probe -> route(endpoints, probe.path()))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(swept).as("GET routes that answered a probe of this sweep").isEqualTo(gets);
    }

    @TestFactory
    Stream<DynamicTest> everyProbeAnswersGetAndHeadWithAndWithoutGzip() {
        return PROBES.stream().map(probe -> DynamicTest.dynamicTest(probe.toString(), () -> sweep(probe)));
    }

    private static void sweep(Probe probe) {
        RawHttp.Response identity = http.send("GET", probe.path(), probe.headers());
        RawHttp.Response gzipped = http.send("GET", probe.path(), with(probe.headers(), GZIP));
        for (RawHttp.Response get : List.of(identity, gzipped)) {
            assertThat(get.status()).as(get.toString()).isEqualTo(probe.status());
        }
        assertThat(identity.header("Content-Encoding"))
                .as(identity + ": nothing is compressed unasked")
                .isNull();
        String encoding = gzipped.header("Content-Encoding");
        assertThat(encoding).as(gzipped.toString()).isIn(null, "gzip");
        if (encoding != null) {
            assertThat(gzipped.headers("Vary").toString())
                    .as(gzipped + ": a compressed answer varies by encoding")
                    .contains("Accept-Encoding");
        }
        probe.body().check(identity, gzipped);

        // Range applies to GET only: a HEAD with one describes the whole representation.
        boolean ranged = probe.headers().containsKey("Range");
        Map<String, String> unranged = new LinkedHashMap<>(probe.headers());
        unranged.remove("Range");
        for (Map<String, String> encodingHeaders : List.of(Map.<String, String>of(), GZIP)) {
            Map<String, String> headers = with(probe.headers(), encodingHeaders);
            RawHttp.Response get = ranged
                    ? http.send("GET", probe.path(), with(unranged, encodingHeaders))
                    : encodingHeaders.isEmpty() ? identity : gzipped;
            RawHttp.Response head = http.send("HEAD", probe.path(), headers);
            assertThat(head.status()).as(head + " answers as " + get).isEqualTo(get.status());
            for (String name : HEAD_HEADERS) {
                assertThat(head.header(name))
                        .as(head + ": " + name + " as the GET's")
                        .isEqualTo(get.header(name));
            }
            if (probe.body().fixedLength()) {
                assertThat(head.header("Content-Length"))
                        .as(head + ": the GET's length")
                        .isEqualTo(get.header("Content-Length"));
            }
        }

        for (RawHttp.Response get : List.of(identity, gzipped)) {
            assertThat(get.header("X-Content-Type-Options"))
                    .as(get + ": nosniff on every response")
                    .isEqualTo("nosniff");
            // the UI's pages allow its stylesheet and forms; everything else may load nothing
            assertThat(get.header("Content-Security-Policy"))
                    .as(get.toString())
                    .isEqualTo(
                            probe.path().startsWith("/ui/") && !probe.path().startsWith("/ui/assets/")
                                    ? "default-src 'none'; style-src 'self'; img-src 'self' https: data:;"
                                            + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
                                    : "default-src 'none'; frame-ancestors 'none'; sandbox");
        }
    }

    /** Stored XSS: a deployed pom carrying script, a tarball and a blob are files to download, never pages. */
    @Test
    void storedFilesAreDownloadsThatCannotRunScript() {
        RawHttp.Response deployedPom =
                http.send("GET", VERSION_DIR + "sweep-lib-1.0.0.pom", Map.of("Authorization", adminAuthorization));
        assertThat(deployedPom.status()).isEqualTo(200);
        assertThat(deployedPom.body())
                .as("served byte for byte, script and all")
                .isEqualTo(pom);
        assertThat(deployedPom.header("Content-Type")).startsWith("application/xml");
        assertThat(deployedPom.header("Content-Disposition")).isEqualTo("attachment; filename=\"sweep-lib-1.0.0.pom\"");
        assertNeverActive(deployedPom);

        RawHttp.Response tarball = http.send(
                "GET", "/npm/npm/sweep-pkg/-/sweep-pkg-1.0.0.tgz", Map.of("Authorization", adminAuthorization));
        assertThat(tarball.header("Content-Disposition")).isEqualTo("attachment; filename=\"sweep-pkg-1.0.0.tgz\"");
        assertNeverActive(tarball);

        RawHttp.Response blob = http.send(
                "GET", "/v2/" + IMAGE + "/blobs/" + sha256(bigLayer), Map.of("Authorization", adminAuthorization));
        assertThat(blob.header("Content-Disposition"))
                .isEqualTo("attachment; filename=\"" + sha256(bigLayer).replace(':', '_') + "\"");
        assertNeverActive(blob);

        // The directory listing stays a page to browse, with links and without script.
        RawHttp.Response listing = http.send("GET", VERSION_DIR, Map.of("Authorization", adminAuthorization));
        assertThat(listing.header("Content-Type")).startsWith("text/html");
        assertThat(listing.header("Content-Disposition")).isNull();
        assertThat(listing.text())
                .contains("<a href=\"" + VERSION_DIR + "sweep-lib-1.0.0.pom\">")
                .doesNotContain("<script");
        assertNeverActive(listing);
    }

    private static void assertNeverActive(RawHttp.Response response) {
        assertThat(response.header("X-Content-Type-Options"))
                .as(response.toString())
                .isEqualTo("nosniff");
        assertThat(response.header("Content-Security-Policy"))
                .as(response.toString())
                .contains("default-src 'none'")
                .contains("sandbox")
                .doesNotContain("script-src");
        assertThat(response.header("X-Frame-Options")).as(response.toString()).isEqualToIgnoringCase("deny");
    }

    // ------------------------------------------------------------------ probes and expectations

    /** One request of the sweep; {@code extra} are its headers besides the credentials. */
    record Probe(String path, Map<String, String> extra, int status, Expected body, boolean anonymous) {
        Map<String, String> headers() {
            return anonymous ? extra : with(extra, Map.of("Authorization", adminAuthorization));
        }

        @Override
        public String toString() {
            return path + (extra.isEmpty() ? "" : " " + extra) + (anonymous ? " anonymous" : "") + " -> " + status;
        }
    }

    /** What the decoded body must be, and whether gzip must have been used when asked for. */
    interface Expected {
        void check(RawHttp.Response identity, RawHttp.Response gzipped);

        /** Whether two answers have the same bytes, so a HEAD's Content-Length must be the GET's. */
        boolean fixedLength();
    }

    /** Stored bytes: sent as they are, never compressed, and (for files) as an attachment. */
    record Exact(byte[] stored, boolean attachment) implements Expected {
        @Override
        public void check(RawHttp.Response identity, RawHttp.Response gzipped) {
            for (RawHttp.Response response : List.of(identity, gzipped)) {
                assertThat(response.header("Content-Encoding"))
                        .as(response + ": stored bytes are never compressed")
                        .isNull();
                assertThat(response.chunked())
                        .as(response + ": stored bytes carry their length")
                        .isFalse();
                assertThat(response.body()).as(response + ": the stored bytes").isEqualTo(stored);
                if (attachment) {
                    assertThat(response.header("Content-Disposition"))
                            .as(response.toString())
                            .startsWith("attachment; filename=\"");
                }
            }
        }

        @Override
        public boolean fixedLength() {
            return true;
        }
    }

    /** A document: with gzip it decodes to the same bytes as without. */
    record Same(boolean mustCompress) implements Expected {
        Same compressible() {
            return new Same(true);
        }

        @Override
        public void check(RawHttp.Response identity, RawHttp.Response gzipped) {
            assertThat(gzipped.decoded())
                    .as(gzipped + ": decodes to the uncompressed answer")
                    .isEqualTo(identity.body());
            if (mustCompress) {
                assertThat(gzipped.header("Content-Encoding"))
                        .as(gzipped + ": a document this large is compressed")
                        .isEqualTo("gzip");
                assertThat(gzipped.body().length).isLessThan(identity.body().length);
            }
        }

        @Override
        public boolean fixedLength() {
            return true;
        }
    }

    /** A document that changes between requests (times, counters, fresh tokens): it decodes and says this. */
    record Containing(String text, boolean mustCompress) implements Expected {
        Containing compressible() {
            return new Containing(text, true);
        }

        @Override
        public void check(RawHttp.Response identity, RawHttp.Response gzipped) {
            assertThat(identity.text()).as(identity.toString()).contains(text);
            assertThat(gzipped.text()).as(gzipped.toString()).contains(text);
            if (mustCompress) {
                assertThat(gzipped.header("Content-Encoding"))
                        .as(gzipped + ": a document this large is compressed")
                        .isEqualTo("gzip");
            }
        }

        @Override
        public boolean fixedLength() {
            return false;
        }
    }

    private static Same same() {
        return new Same(false);
    }

    private static Exact exact(byte[] stored, boolean attachment) {
        return new Exact(stored, attachment);
    }

    private static Containing containing(String text) {
        return new Containing(text, false);
    }

    private static void probe(String path, int status, Expected body) {
        probe(path, Map.of(), status, body);
    }

    private static void probe(String path, Map<String, String> headers, int status, Expected body) {
        PROBES.add(new Probe(path, headers, status, body, false));
    }

    private static void anonymous(String path, int status) {
        PROBES.add(new Probe(path, Map.of(), status, same(), true));
    }

    // ------------------------------------------------------------------ helpers

    private static Set<String> paths(List<ParsedEndpoint> endpoints, HandlerType method) {
        return endpoints.stream()
                .filter(e -> e.endpoint.method.equals(method))
                .map(e -> e.endpoint.path)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The GET route that answers {@code path}: the first that matches, as the router picks it. */
    private static String route(List<ParsedEndpoint> endpoints, String path) {
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        return endpoints.stream()
                .filter(e -> e.endpoint.method.equals(HandlerType.GET) && e.matches(bare))
                .findFirst()
                .map(e -> e.endpoint.path)
                .orElseThrow(() -> new AssertionError("no GET route answers " + path));
    }

    private static Map<String, String> with(Map<String, String> a, Map<String, String> b) {
        Map<String, String> merged = new LinkedHashMap<>(a);
        merged.putAll(b);
        return merged;
    }

    private static ObjectNode descriptor(HttpSession admin, String mediaType, byte[] content) {
        String digest = sha256(content);
        HttpSession.Response pushed =
                admin.raw("POST", "/v2/" + IMAGE + "/blobs/uploads/?digest=" + digest, Map.of(), content);
        assertThat(pushed.status()).as(pushed.toString()).isEqualTo(201);
        return JSON.createObjectNode()
                .put("mediaType", mediaType)
                .put("digest", digest)
                .put("size", content.length);
    }

    private static String pushManifest(HttpSession admin, String reference, byte[] manifest) {
        HttpSession.Response pushed = admin.raw(
                "PUT", "/v2/" + IMAGE + "/manifests/" + reference, Map.of("Content-Type", OCI_MANIFEST), manifest);
        assertThat(pushed.status()).as(pushed.toString()).isEqualTo(201);
        return pushed.header("Docker-Content-Digest");
    }

    private static void deploy(HttpSession admin, String path, byte[] content) {
        HttpSession.Response deployed = admin.raw("PUT", path, Map.of(), content);
        assertThat(deployed.status()).as(deployed.toString()).isEqualTo(201);
    }

    private static void publish(HttpSession admin, JsonNode body) {
        HttpSession.Response published = admin.put("/npm/npm/sweep-pkg", body);
        assertThat(published.status()).as(published.toString()).isEqualTo(201);
    }

    private static HttpSession.Response created(HttpSession.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response;
    }

    static byte[] bytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    static String sha256(byte[] content) {
        return "sha256:" + hex("SHA-256", content);
    }

    static String hex(String algorithm, byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
