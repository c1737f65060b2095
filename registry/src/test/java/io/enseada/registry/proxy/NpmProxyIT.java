package io.enseada.registry.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.registry.npm.TestPackages;
import io.enseada.registry.storage.GeneratedInputStream;
import io.enseada.registry.testing.Cli;
import io.enseada.registry.testing.Readme;
import io.enseada.registry.testing.TestRegistry;
import io.enseada.registry.testing.Verdaccio;
import io.enseada.shared.json.Json;
import io.enseada.shared.testing.HttpSession;
import io.enseada.shared.testing.TestServices;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * An npm proxy of a real Verdaccio, in a group with a hosted repository: the real {@code npm} and
 * {@code pnpm} install a team's package whose dependencies live upstream through the one group
 * URL, with the lockfile's integrity the upstream's; then again, from an empty cache, with the
 * upstream gone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NpmProxyIT {
    private static final ObjectMapper JSON = Json.newMapper();
    private static final Duration MAX_AGE = Duration.ofSeconds(5);
    private static final int BIG = 4 << 20;

    @TempDir
    static Path dir;

    private Verdaccio upstream;
    private TestRegistry registry;
    private HttpSession admin;
    private String token;
    private final Map<String, String> integrity = new java.util.HashMap<>();

    @BeforeAll
    void start() throws Exception {
        upstream = Verdaccio.start(dir.resolve("verdaccio"));
        publishUpstream("is-number", "7.0.0", Map.of(), 20_000);
        publishUpstream("upstream-big", "1.0.0", Map.of("is-number", "^7.0.0"), BIG);
        publishUpstream("shared-name", "9.9.9", Map.of(), 1_000);
        Path config = dir.resolve("enseada.yaml");
        Files.writeString(config, """
                repositories:
                  - {name: npm, format: npm}
                  - name: npmjs
                    format: npm
                    kind: proxy
                    proxy: {url: "%s", metadataMaxAge: %s, negativeCacheTtl: %s}
                  - {name: npm-all, format: npm, kind: group, group: {members: [npm, npmjs]}}
                """.formatted(upstream.url(), MAX_AGE, MAX_AGE));
        registry = TestRegistry.start(dir.resolve("data"), Map.of("ENSEADA_CONFIG", config.toString()));
        admin = registry.admin();
        token = admin.post("/api/v1/tokens", Map.of("description", "npm proxy test"))
                .json()
                .path("token")
                .asText();
        String internal = packageJson("team-app-lib", "1.0.0", Map.of("upstream-big", "^1.0.0", "is-number", "^7.0.0"));
        assertThat(admin.put("/npm/npm/team-app-lib", TestPackages.publishBody(internal, tarball(internal, 10_000)))
                        .status())
                .isEqualTo(201);
        String shared = packageJson("shared-name", "1.0.0", Map.of());
        assertThat(admin.put("/npm/npm/shared-name", TestPackages.publishBody(shared, tarball(shared, 1_000)))
                        .status())
                .isEqualTo(201);
    }

    @AfterAll
    void stop() {
        registry.close();
        upstream.close();
    }

    @Test
    @Order(1)
    void npmInstallsATeamPackageWithUpstreamDependenciesThroughOneGroupUrl() throws Exception {
        Path app = app("npm-app");

        client(app, "npm", "install").succeed();

        JsonNode lock = JSON.readTree(app.resolve("package-lock.json").toFile()).path("packages");
        String groupUrl = groupUrl();
        for (String name : List.of("is-number", "upstream-big")) {
            JsonNode locked = lock.path("node_modules/" + name);
            assertThat(locked.path("integrity").asText()).as(name).isEqualTo(integrity.get(name));
            assertThat(locked.path("resolved").asText()).as(name).startsWith(groupUrl + name + "/-/");
        }
        assertThat(lock.path("node_modules/team-app-lib").path("resolved").asText())
                .startsWith(groupUrl + "team-app-lib/-/");
        assertThat(Files.size(app.resolve("node_modules/upstream-big/data.bin")))
                .isEqualTo(BIG);
    }

    @Test
    @Order(2)
    void pnpmInstallsTheSameThroughTheGroup() throws Exception {
        Path app = app("pnpm-app");

        client(
                        app,
                        TestServices.installed("@pnpm/exe.linux-x64/pnpm").toString(),
                        "install",
                        "--config.minimumReleaseAge=0")
                .succeed();

        assertThat(Files.readString(app.resolve("pnpm-lock.yaml")))
                .contains("resolution: {integrity: " + integrity.get("upstream-big") + "}");
    }

    @Test
    @Order(3)
    void aPackageTheTeamHostsIsNeverMergedWithAnUpstreamOneOfTheSameName() {
        JsonNode packument = admin.get("/npm/npm-all/shared-name").json();

        assertThat(packument.path("versions").has("1.0.0")).isTrue();
        assertThat(packument.path("versions").has("9.9.9"))
                .as("dependency confusion")
                .isFalse();
        assertThat(packument.at("/dist-tags/latest").asText()).isEqualTo("1.0.0");
        assertThat(admin.get("/npm/npmjs/shared-name").json().path("versions").has("9.9.9"))
                .as("the proxy alone still shows the upstream's")
                .isTrue();
    }

    @Test
    @Order(4)
    void twentyInstallsAskingForOneUncachedTarballCauseOneUpstreamFetch() throws Exception {
        publishUpstream("burst", "1.0.0", Map.of(), BIG);
        String path = "/npm/npmjs/burst/-/burst-1.0.0.tgz";
        assertThat(admin.get("/npm/npmjs/burst").status()).isEqualTo(200);
        long before = UpstreamRequests.of(registry, "npmjs");
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<HttpSession.Response>> responses = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                responses.add(pool.submit(() -> admin.get(path)));
            }
            for (Future<HttpSession.Response> response : responses) {
                assertThat(response.get().status()).isEqualTo(200);
                assertThat(sri(response.get().bytes())).isEqualTo(integrity.get("burst"));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(UpstreamRequests.of(registry, "npmjs") - before)
                .as("upstream requests for 20 downloads")
                .isEqualTo(1);
    }

    @Test
    @Order(5)
    void aNewUpstreamVersionShowsAfterMetadataMaxAgeAndNotBefore() throws Exception {
        assertThat(admin.get("/npm/npm-all/is-number").json().path("versions").has("7.1.0"))
                .isFalse();

        publishUpstream("is-number", "7.1.0", Map.of(), 20_000);

        assertThat(admin.get("/npm/npm-all/is-number").json().path("versions").has("7.1.0"))
                .as("cached for metadataMaxAge")
                .isFalse();
        await().atMost(MAX_AGE.multipliedBy(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> admin.get("/npm/npm-all/is-number")
                        .json()
                        .path("versions")
                        .has("7.1.0"));
        JsonNode abbreviated =
                JSON.readTree(admin.get("/npm/npm-all/is-number", "Accept", "application/vnd.npm.install-v1+json")
                        .bytes());
        assertThat(abbreviated.at("/dist-tags/latest").asText()).isEqualTo("7.1.0");
        assertThat(abbreviated.at("/versions/7.1.0/dist/tarball").asText())
                .isEqualTo(groupUrl() + "is-number/-/is-number-7.1.0.tgz");
    }

    @Test
    @Order(6)
    void withTheUpstreamGoneAFreshInstallSucceedsFromEnseadaAloneAndOnlyTheNeverFetchedFails() throws Exception {
        upstream.stop();
        try {
            Path app = app("offline-app");
            Files.writeString(app.resolve("package.json"), """
                    {"name":"offline-app","version":"1.0.0","private":true,"dependencies":{"team-app-lib":"1.0.0","is-number":"7.0.0"}}
                    """);
            await().pollDelay(MAX_AGE.plusSeconds(1))
                    .atMost(MAX_AGE.plusSeconds(5))
                    .until(() -> true);

            client(app, "npm", "install").succeed();

            assertThat(Files.size(app.resolve("node_modules/upstream-big/data.bin")))
                    .isEqualTo(BIG);
            HttpSession.Response never = admin.get("/npm/npm-all/never-fetched");
            assertThat(never.status()).isEqualTo(502);
            assertThat(never.json().path("error").asText())
                    .contains("upstream 127.0.0.1")
                    .contains("not reachable");
        } finally {
            upstream.start();
        }
    }

    @Test
    @Order(7)
    void aMissingPackageIsRememberedForTheNegativeCacheTtl() throws Exception {
        assertThat(admin.get("/npm/npmjs/arrives-late").status()).isEqualTo(404);

        publishUpstream("arrives-late", "1.0.0", Map.of(), 1_000);

        assertThat(admin.get("/npm/npmjs/arrives-late").status())
                .as("the miss is remembered")
                .isEqualTo(404);
        await().atMost(MAX_AGE.multipliedBy(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> admin.get("/npm/npmjs/arrives-late").status() == 200);
    }

    @Test
    @Order(8)
    void aGroupsSearchListsItsMembersPackagesEachOnce() {
        List<String> all = names(admin.get("/npm/npm-all/-/v1/search?size=250").json());

        assertThat(all).contains("team-app-lib", "is-number", "upstream-big").doesNotHaveDuplicates();
        assertThat(all).filteredOn("shared-name"::equals).hasSize(1);
        assertThat(names(admin.get("/npm/npm-all/-/v1/search?text=team-app").json()))
                .containsExactly("team-app-lib");
        assertThat(names(admin.get("/npm/npmjs/-/v1/search?size=250").json()))
                .as("a proxy searches what it has cached")
                .contains("is-number")
                .doesNotContain("team-app-lib");
        assertThat(registry.anonymous().get("/npm/npm-all/-/v1/search").status())
                .isEqualTo(401);
    }

    @Test
    @Order(9)
    void npmViewThroughTheGroupShowsTheUpstreamsFullPackumentAndInstallersStillGetTheAbbreviatedOne()
            throws IOException {
        String marker = "an upstream description, full packuments only";
        String packageJson = JSON.writeValueAsString(
                Map.of("name", "described", "version", "1.0.0", "description", marker, "license", "MIT"));
        upstream.publish(
                "described",
                JSON.convertValue(TestPackages.publishBody(packageJson, tarball(packageJson, 4096)), Map.class));
        Path app = app("view-app");

        Cli.Result viewed =
                client(app, "npm", "view", "described", "description").succeed();

        JsonNode full =
                admin.get("/npm/npmjs/described", "Accept", "application/json").json();
        assertThat(viewed.output().strip()).as(viewed.output() + full).isEqualTo(marker);
        assertThat(full.at("/versions/1.0.0/description").asText()).isEqualTo(marker);
        assertThat(full.at("/time/1.0.0").asText())
                .as("every version's publish time")
                .isNotEmpty();
        assertThat(full.at("/versions/1.0.0/dist/tarball").asText())
                .startsWith("http://127.0.0.1:" + registry.port() + "/npm/npmjs/");
        JsonNode abbreviated = admin.get("/npm/npmjs/described", "Accept", "application/vnd.npm.install-v1+json")
                .json();
        assertThat(abbreviated.at("/versions/1.0.0/dist/integrity").asText()).startsWith("sha512-");
        assertThat(abbreviated.at("/versions/1.0.0").has("description"))
                .as("the abbreviated form is the upstream's abbreviated one")
                .isFalse();
    }

    private static List<String> names(JsonNode search) {
        List<String> names = new ArrayList<>();
        search.path("objects").forEach(hit -> names.add(hit.at("/package/name").asText()));
        return names;
    }

    private void publishUpstream(String name, String version, Map<String, String> dependencies, int size)
            throws IOException {
        String packageJson = packageJson(name, version, dependencies);
        byte[] tarball = tarball(packageJson, size);
        integrity.put(name, sri(tarball));
        upstream.publish(name, JSON.convertValue(TestPackages.publishBody(packageJson, tarball), Map.class));
    }

    private static String packageJson(String name, String version, Map<String, String> dependencies) {
        try {
            return JSON.writeValueAsString(Map.of(
                    "name",
                    name,
                    "version",
                    version,
                    "main",
                    "index.js",
                    "license",
                    "MIT",
                    "dependencies",
                    dependencies));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] tarball(String packageJson, int size) throws IOException {
        try (InputStream data = new GeneratedInputStream(size, size)) {
            return TestPackages.tarball(packageJson, data.readAllBytes());
        }
    }

    private static String sri(byte[] bytes) {
        try {
            return "sha512-"
                    + Base64.getEncoder()
                            .encodeToString(java.security.MessageDigest.getInstance("SHA-512")
                                    .digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String groupUrl() {
        return "http://127.0.0.1:" + registry.port() + "/npm/npm-all/";
    }

    /** A project depending on the team's package, with the .npmrc of the README's proxy section. */
    private Path app(String name) throws IOException {
        Path app = Files.createDirectories(dir.resolve(name));
        Files.writeString(app.resolve("package.json"), """
                {"name":"%s","version":"1.0.0","private":true,"dependencies":{"team-app-lib":"^1.0.0"}}
                """.formatted(name));
        Files.writeString(
                app.resolve(".npmrc"),
                Readme.pointedAt(
                        Readme.block("ini", "/npm/npm-all/"), registry.port(), TestRegistry.ADMIN_PASSWORD, token));
        return app;
    }

    private static Cli client(Path dir, String... command) throws IOException {
        Path home = Files.createDirectories(dir.resolve(".home"));
        return Cli.of(command)
                .in(dir)
                .clearEnv("npm_config_")
                .clearEnv("PNPM_")
                .env("HOME", home.toString())
                .env("XDG_CONFIG_HOME", home.resolve(".config").toString())
                .env("XDG_DATA_HOME", home.resolve(".local/share").toString())
                .env("XDG_CACHE_HOME", home.resolve(".cache").toString());
    }
}
