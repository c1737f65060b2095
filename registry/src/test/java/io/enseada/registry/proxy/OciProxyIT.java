package io.enseada.registry.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.registry.oci.OciPush;
import io.enseada.registry.oci.Podman;
import io.enseada.registry.testing.Cli;
import io.enseada.registry.testing.Distribution;
import io.enseada.registry.testing.Readme;
import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.json.Json;
import io.enseada.shared.testing.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * OCI proxy repositories of two real upstreams on loopback: distribution (Debian's
 * {@code docker-registry}) wanting Basic credentials, and a second Enseada whose private repository
 * is reached through its Bearer token flow. {@code skopeo} and {@code podman}, with their default
 * settings, pull multi-arch images of several MiB through the proxies and through a group of a
 * hosted repository and a proxy; then the upstream is stopped and a fresh client pulls the same
 * again from Enseada alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OciProxyIT {
    private static final ObjectMapper JSON = Json.newMapper();
    private static final Duration MAX_AGE = Duration.ofSeconds(4);
    private static final String UPSTREAM_USER = "puller";
    private static final String UPSTREAM_PASSWORD = "puller-password";
    private static final String CREDS = "admin:" + TestRegistry.ADMIN_PASSWORD;
    private static final int MIB = 1 << 20;
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String SBOM = "application/vnd.example.sbom.v1+json";

    @TempDir
    static Path dir;

    private Distribution distribution;
    private TestRegistry bearerUpstream;
    private TestRegistry registry;
    private HttpSession admin;
    private ImageLayout app;

    @BeforeAll
    void start() throws Exception {
        distribution = Distribution.start(dir.resolve("distribution"), UPSTREAM_USER, UPSTREAM_PASSWORD);
        bearerUpstream = TestRegistry.start(dir.resolve("bearer-upstream"), Map.of());
        bearerUpstream.user("mirror", "mirror-password", List.of("containers"), "read");
        Path config = dir.resolve("enseada.yaml");
        Files.writeString(config, """
                repositories:
                  - {name: containers, format: oci}
                  - name: hub
                    format: oci
                    kind: proxy
                    proxy:
                      url: "%s"
                      credentials: {username: %s, password: %s}
                      metadataMaxAge: %s
                      negativeCacheTtl: %s
                  - name: ens
                    format: oci
                    kind: proxy
                    proxy:
                      url: "%s"
                      credentials: {username: mirror, password: mirror-password}
                  - {name: images, format: oci, kind: group, group: {members: [containers, hub]}}
                """.formatted(
                        distribution.url(), UPSTREAM_USER, UPSTREAM_PASSWORD, MAX_AGE, MAX_AGE, bearerUpstream.url()));
        registry = TestRegistry.start(dir.resolve("data"), Map.of("ENSEADA_CONFIG", config.toString()));
        admin = registry.admin();
        app = ImageLayout.multiArch(dir.resolve("app-layout"), "1.0", 1, 3 * MIB, 2 * MIB, 512 * 1024);
        pushUpstream(app, "team/app:1.0");
    }

    @AfterAll
    void stop() {
        registry.close();
        bearerUpstream.close();
        distribution.close();
    }

    @Test
    @Order(1)
    void theReadmesCommandsPullAMultiArchImageThroughTheProxyAndTheGroupDigestForDigest() throws Exception {
        Path project = Files.createDirectories(dir.resolve("readme-project"));
        Podman podman = Podman.in(dir.resolve("podman-readme"));
        String script = Readme.pointedAt(
                Readme.block("sh", "localhost:9623/hub/team/app:1.0"),
                registry.port(),
                TestRegistry.ADMIN_PASSWORD,
                "");

        Cli.of("bash", "-e", "-x", "-c", script)
                .in(project)
                .clearEnv("CONTAINERS_")
                .env(podman.environment())
                .timeout(Duration.ofMinutes(5))
                .succeed();

        assertSameBlobs(project.resolve("app"), app);
        assertThat(JSON.readTree(project.resolve("app/index.json").toFile())
                        .at("/manifests/0/digest")
                        .asText())
                .isEqualTo(app.digest());
        for (String image : List.of("hub/team/app:1.0", "images/team/app:1.0")) {
            assertThat(podman.inspect(local() + "/" + image).path("Digest").asText())
                    .as(image)
                    .isEqualTo(app.digest());
        }
        HttpSession.Response tags = admin.get("/v2/hub/team/app/tags/list");
        assertThat(tags.json().path("tags").toString())
                .as("a proxy lists the tags it has cached")
                .isEqualTo("[\"1.0\"]");
    }

    @Test
    @Order(2)
    void podmanPullsThroughAGroupOfAHostedRepositoryAndTheProxy() throws Exception {
        ImageLayout own = ImageLayout.image(dir.resolve("own-layout"), "2.0", 7, 2 * MIB, MIB);
        push(own, registry.port(), CREDS, "containers/team/own:2.0");
        Podman podman = Podman.in(dir.resolve("podman-group"));

        podman.succeed("pull", "--tls-verify=false", "--creds", CREDS, local() + "/images/team/app:1.0");
        podman.succeed("pull", "--tls-verify=false", "--creds", CREDS, local() + "/images/team/own:2.0");

        assertThat(podman.inspect(local() + "/images/team/app:1.0")
                        .path("Digest")
                        .asText())
                .isEqualTo(app.digest());
        assertThat(podman.inspect(local() + "/images/team/own:2.0")
                        .path("Digest")
                        .asText())
                .isEqualTo(own.digest());
        HttpSession.Response child = admin.get(
                "/v2/images/team/app/manifests/" + app.children().get(1),
                "Accept",
                "application/vnd.oci.image.manifest.v1+json");
        assertThat(child.status())
                .as("the arm64 child, fetched on demand by digest")
                .isEqualTo(200);
        assertThat(sha256(child.bytes())).isEqualTo(app.children().get(1));
        assertThat(admin.get("/v2/images/team/app/tags/list")
                        .json()
                        .path("tags")
                        .toString())
                .as("a group lists its members' tags")
                .isEqualTo("[\"1.0\"]");
        assertThat(admin.get("/v2/images/team/own/tags/list")
                        .json()
                        .path("tags")
                        .toString())
                .isEqualTo("[\"2.0\"]");
    }

    @Test
    @Order(3)
    void aPrivateUpstreamBehindABearerTokenFlowIsPulledWithTheProxysCredentials() throws Exception {
        ImageLayout image = ImageLayout.multiArch(dir.resolve("bearer-layout"), "3.0", 11, 2 * MIB, MIB);
        push(image, bearerUpstream.port(), CREDS, "containers/team/api:3.0");
        HttpSession.Response challenge = bearerUpstream.anonymous().get("/v2/containers/team/api/manifests/3.0");
        assertThat(challenge.status()).isEqualTo(401);
        assertThat(challenge.header("WWW-Authenticate")).startsWith("Bearer realm=");
        Path copy = dir.resolve("bearer-copy");

        pull("ens/containers/team/api:3.0", copy);

        assertSameBlobs(copy, image);
    }

    @Test
    @Order(4)
    void referrersComeFromTheUpstreamsReferrersApiWhereItHasOne() throws Exception {
        ImageLayout image = ImageLayout.image(dir.resolve("signed-layout"), "1.0", 61, 1024);
        push(image, bearerUpstream.port(), CREDS, "containers/team/signed:1.0");
        HttpSession upstreamAdmin = bearerUpstream.admin();
        String name = "containers/team/signed";
        String empty = OciPush.blob(upstreamAdmin, name, "{}".getBytes(StandardCharsets.UTF_8));
        byte[] sbom = "{\"sbom\":true}".getBytes(StandardCharsets.UTF_8);
        String sbomDigest = OciPush.blob(upstreamAdmin, name, sbom);
        byte[] referrer = ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"artifactType\":\"" + SBOM
                        + "\",\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\"" + empty
                        + "\",\"size\":2},\"layers\":[{\"mediaType\":\"" + SBOM + "\",\"digest\":\"" + sbomDigest
                        + "\",\"size\":" + sbom.length + "}],\"subject\":{\"mediaType\":\"" + OCI_MANIFEST
                        + "\",\"digest\":\"" + image.digest() + "\",\"size\":" + image.blob(image.digest()).length
                        + "}}")
                .getBytes(StandardCharsets.UTF_8);
        String referrerDigest = OciPush.manifest(upstreamAdmin, name, OciPush.digest(referrer), OCI_MANIFEST, referrer);

        JsonNode referrers = admin.get("/v2/ens/containers/team/signed/referrers/" + image.digest())
                .json();
        HttpSession.Response none = admin.get("/v2/images/team/app/referrers/" + app.digest());

        assertThat(referrers.at("/manifests/0/digest").asText()).isEqualTo(referrerDigest);
        assertThat(referrers.at("/manifests/0/artifactType").asText()).isEqualTo(SBOM);
        assertThat(none.status())
                .as("distribution 2.8 has no referrers API: what is cached, here nothing")
                .isEqualTo(200);
        assertThat(none.json().path("manifests").size()).isZero();
    }

    @Test
    @Order(5)
    void aLayerAlreadyPushedToAHostedRepositoryIsNotStoredOrDownloadedAgain() throws Exception {
        ImageLayout shared = ImageLayout.image(dir.resolve("shared-layout"), "1.0", 21, 4 * MIB, 2 * MIB);
        push(shared, registry.port(), CREDS, "containers/team/shared:1.0");
        pushUpstream(shared, "team/shared:1.0");
        long stored = storedBlobBytes();

        Path copy = dir.resolve("shared-copy");
        pull("hub/team/shared:1.0", copy);

        assertSameBlobs(copy, shared);
        assertThat(storedBlobBytes()).as("bytes in the blob store").isEqualTo(stored);
        for (String blob : shared.blobs()) {
            assertThat(distribution.answered("GET", "/v2/team/shared/blobs/" + blob))
                    .as("downloads of " + blob)
                    .isZero();
        }
    }

    @Test
    @Order(6)
    void twentyClientsAskingForOneUncachedBlobCauseOneUpstreamFetch() throws Exception {
        ImageLayout burst = ImageLayout.image(dir.resolve("burst-layout"), "1.0", 31, 8 * MIB);
        pushUpstream(burst, "team/burst:1.0");
        JsonNode manifest = admin.get(
                        "/v2/hub/team/burst/manifests/1.0", "Accept", "application/vnd.oci.image.manifest.v1+json")
                .json();
        String layer = manifest.at("/layers/0/digest").asText();
        long before = UpstreamRequests.of(registry, "hub");
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<HttpSession.Response>> responses = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                responses.add(pool.submit(() -> admin.get("/v2/hub/team/burst/blobs/" + layer)));
            }
            for (Future<HttpSession.Response> response : responses) {
                assertThat(response.get().status()).isEqualTo(200);
                assertThat(sha256(response.get().bytes())).isEqualTo(layer);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(UpstreamRequests.of(registry, "hub") - before)
                .as("upstream requests for 20 downloads")
                .isEqualTo(1);
        assertThat(distribution.answered("GET", "/v2/team/burst/blobs/" + layer))
                .isEqualTo(1);
    }

    @Test
    @Order(7)
    void aMovedTagShowsAfterMetadataMaxAgeAndNotBeforeAndAnUnmovedOneIsOnlyCheckedWithAHead() throws Exception {
        ImageLayout first = ImageLayout.image(dir.resolve("moving-1"), "moving", 41, MIB);
        ImageLayout second = ImageLayout.image(dir.resolve("moving-2"), "moving", 42, MIB);
        pushUpstream(first, "team/moving:latest");
        String path = "/v2/hub/team/moving/manifests/latest";
        String upstreamPath = "/v2/team/moving/manifests/latest";
        assertThat(digestOf(path)).isEqualTo(first.digest());
        assertThat(distribution.answered("GET", upstreamPath)).isEqualTo(1);

        Thread.sleep(MAX_AGE.plusMillis(500).toMillis());
        assertThat(digestOf(path)).isEqualTo(first.digest());
        assertThat(distribution.answered("HEAD", upstreamPath))
                .as("re-checked with a HEAD")
                .isEqualTo(1);
        assertThat(distribution.answered("GET", upstreamPath))
                .as("and not pulled again")
                .isEqualTo(1);

        pushUpstream(second, "team/moving:latest");
        assertThat(digestOf(path)).as("trusted for metadataMaxAge").isEqualTo(first.digest());
        await().atMost(MAX_AGE.multipliedBy(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> digestOf(path).equals(second.digest()));
        assertThat(distribution.answered("GET", upstreamPath)).isEqualTo(2);
    }

    @Test
    @Order(8)
    void aMissingManifestIsRememberedForTheNegativeCacheTtl() throws Exception {
        String path = "/v2/hub/team/late/manifests/1.0";
        HttpSession.Response missing = admin.get(path);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().at("/errors/0/code").asText()).isEqualTo("MANIFEST_UNKNOWN");

        pushUpstream(ImageLayout.image(dir.resolve("late-layout"), "1.0", 51, 1024), "team/late:1.0");

        assertThat(admin.get(path).status()).as("the miss is remembered").isEqualTo(404);
        await().atMost(MAX_AGE.multipliedBy(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> admin.get(path).status() == 200);
    }

    @Test
    @Order(9)
    void withTheUpstreamStoppedAFreshClientPullsFromEnseadaAloneAndOnlyTheNeverFetchedFails() throws Exception {
        distribution.stop();
        try {
            Thread.sleep(MAX_AGE.plusMillis(500).toMillis()); // the tag is due for a check the upstream cannot answer
            Podman podman = Podman.in(dir.resolve("podman-offline"));

            podman.succeed("pull", "--tls-verify=false", "--creds", CREDS, local() + "/images/team/app:1.0");
            Path copy = dir.resolve("offline-copy");
            pull("hub/team/app:1.0", copy);

            assertThat(podman.inspect(local() + "/images/team/app:1.0")
                            .path("Digest")
                            .asText())
                    .isEqualTo(app.digest());
            assertSameBlobs(copy, app);
            // The README's registries.conf mirror: the upstream's own name, pulled from the proxy.
            // on plain HTTP both locations need insecure = true, as the README says of registries.conf
            String mirror = Readme.block("toml", "[[registry.mirror]]")
                    .replace("upstream.example.com", "127.0.0.1:" + distribution.port())
                    .replace("registry.example.com", local())
                    .replaceAll("(?m)^(location = .*)$", "$1\ninsecure = true");
            Path registries = Files.writeString(dir.resolve("registries.conf"), mirror);
            Podman mirrored = Podman.in(dir.resolve("podman-mirror")).withRegistries(registries);
            String upstreamName = "127.0.0.1:" + distribution.port() + "/team/app:1.0";
            // credentials for the mirror as podman login stores them (--creds would go to the upstream's name only)
            Path auth = dir.resolve("mirror-auth.json");
            mirrored.succeed(
                    "login",
                    "--authfile",
                    auth.toString(),
                    "--tls-verify=false",
                    "-u",
                    "admin",
                    "-p",
                    TestRegistry.ADMIN_PASSWORD,
                    local());
            mirrored.succeed("pull", "--authfile", auth.toString(), upstreamName);
            assertThat(mirrored.inspect(upstreamName).path("Digest").asText()).isEqualTo(app.digest());
            Cli.Result never = inspect(CREDS, "hub/team/never:1.0");
            assertThat(never.exit()).isNotZero();
            // skopeo shows a 5xx by its status only; the body names the upstream and why
            assertThat(never.output()).contains("502 Bad Gateway");
            HttpSession.Response refused = admin.get("/v2/hub/team/never/manifests/1.0");
            assertThat(refused.status()).isEqualTo(502);
            assertThat(refused.json().at("/errors/0/message").asText())
                    .contains("upstream 127.0.0.1")
                    .contains("not reachable")
                    .contains("not cached");
        } finally {
            distribution.start();
        }
    }

    @Test
    @Order(10)
    void aGroupServesNothingAMemberWouldRefuseItsCaller() {
        HttpSession groupReader = registry.user("group-reader", "group-reader-password", List.of("images"), "read");
        HttpSession hostedReader =
                registry.user("hosted-reader", "hosted-reader-password", List.of("images", "containers"), "read");

        Cli.Result groupOnly = inspect("group-reader:group-reader-password", "images/team/own:2.0");
        Cli.Result hostedImage = inspect("hosted-reader:hosted-reader-password", "images/team/own:2.0");
        Cli.Result proxiedImage = inspect("hosted-reader:hosted-reader-password", "images/team/app:1.0");

        assertThat(groupOnly.exit()).as(groupOnly.output()).isNotZero();
        assertThat(hostedImage.exit()).as(hostedImage.output()).isZero();
        assertThat(proxiedImage.exit())
                .as("the proxy member is not readable to this caller")
                .isNotZero();

        List<String> everything = catalog(admin, 1000);
        assertThat(everything)
                .as("a group's catalog lists its members' images under the group's name")
                .contains("images/team/app", "images/team/own", "hub/team/app", "containers/team/own")
                .doesNotHaveDuplicates()
                .isSorted();
        assertThat(catalog(admin, 1)).as("paged one by one").isEqualTo(everything);
        assertThat(catalog(groupReader, 1000)).noneMatch(name -> name.startsWith("images/"));
        assertThat(catalog(hostedReader, 1000))
                .contains("images/team/own", "containers/team/own")
                .doesNotContain("images/team/app", "hub/team/app");
    }

    /** Every name of the catalog, following its Link header page by page. */
    private static List<String> catalog(HttpSession caller, int n) {
        List<String> names = new ArrayList<>();
        String next = "/v2/_catalog?n=" + n;
        for (int page = 0; next != null; page++) {
            assertThat(page).as("pages of the catalog").isLessThan(1000);
            HttpSession.Response listed = caller.get(next);
            assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
            listed.json().path("repositories").forEach(name -> names.add(name.asText()));
            String link = listed.header("Link");
            next = link == null ? null : link.substring(1, link.indexOf('>'));
        }
        return names;
    }

    @Test
    @Order(11)
    void anImagePurgedFromTheCacheIsFetchedAgainAndTheOthersStay() throws Exception {
        String manifest = "/v2/team/burst/manifests/1.0";
        long before = distribution.answered("GET", manifest);

        HttpSession.Response purged = admin.delete("/api/v1/repositories/hub/cache?path=team/burst");

        assertThat(purged.status()).as(purged.text()).isEqualTo(200);
        assertThat(admin.get("/v2/hub/team/burst/tags/list").status())
                .as("nothing of the image is left")
                .isEqualTo(404);
        assertThat(digestOf("/v2/hub/team/burst/manifests/1.0")).isNotEmpty();
        assertThat(distribution.answered("GET", manifest)).isEqualTo(before + 1);
        assertThat(admin.get("/v2/hub/team/app/tags/list").json().path("tags").toString())
                .isEqualTo("[\"1.0\"]");
    }

    /** skopeo inspect as a client through the token flow: it asks for a token for the group's name. */
    private Cli.Result inspect(String creds, String image) {
        return Cli.of(
                        "skopeo",
                        "--insecure-policy",
                        "inspect",
                        "--raw",
                        "--creds",
                        creds,
                        "--tls-verify=false",
                        "docker://" + local() + "/" + image)
                .timeout(Duration.ofMinutes(2))
                .run();
    }

    private String digestOf(String path) {
        HttpSession.Response response = admin.get(path, "Accept", "application/vnd.oci.image.manifest.v1+json");
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.header("Docker-Content-Digest");
    }

    private void pushUpstream(ImageLayout layout, String image) {
        push(layout, distribution.port(), UPSTREAM_USER + ":" + UPSTREAM_PASSWORD, image);
    }

    private long storedBlobBytes() throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("data"))) {
            return files.filter(file -> file.toString().contains("/blobs/sha256/") && Files.isRegularFile(file))
                    .mapToLong(file -> file.toFile().length())
                    .sum();
        }
    }

    private static void assertSameBlobs(Path copy, ImageLayout original) throws IOException {
        ImageLayout copied = new ImageLayout(copy, original.tag(), original.digest(), original.children());
        assertThat(copied.blobs()).isEqualTo(original.blobs());
        for (String digest : original.blobs()) {
            assertThat(copied.blob(digest)).as(digest).isEqualTo(original.blob(digest));
        }
    }

    /** As a client pushes: every manifest of the layout, digests kept. */
    private static void push(ImageLayout layout, int port, String creds, String image) {
        skopeo(
                "copy",
                "--all",
                "--preserve-digests",
                "--dest-creds",
                creds,
                "--dest-tls-verify=false",
                layout.reference(),
                "docker://127.0.0.1:" + port + "/" + image);
    }

    /** From Enseada, as an administrator, into a fresh OCI layout. */
    private void pull(String image, Path copy) {
        skopeo(
                "copy",
                "--all",
                "--preserve-digests",
                "--src-creds",
                CREDS,
                "--src-tls-verify=false",
                "docker://" + local() + "/" + image,
                "oci:" + copy + ":" + image.substring(image.lastIndexOf(':') + 1));
    }

    private String local() {
        return "127.0.0.1:" + registry.port();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return "sha256:"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static Cli.Result skopeo(String... args) {
        List<String> command = new ArrayList<>(List.of("skopeo", "--insecure-policy"));
        command.addAll(List.of(args));
        return Cli.of(command).timeout(Duration.ofMinutes(3)).run().assertSucceeded();
    }
}
