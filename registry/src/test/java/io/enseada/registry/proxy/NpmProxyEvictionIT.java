package io.enseada.registry.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.registry.npm.TestPackages;
import io.enseada.registry.storage.Digest;
import io.enseada.registry.storage.StorageLayout;
import io.enseada.registry.testing.Cli;
import io.enseada.registry.testing.TestRegistry;
import io.enseada.registry.testing.Verdaccio;
import io.enseada.shared.json.Json;
import io.enseada.shared.store.Document;
import io.enseada.shared.testing.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code retention.unusedFor} of an npm proxy of a real Verdaccio: what npm installed and nobody
 * asked for since is evicted, its tarball's bytes freed, and the next install fetches it from the
 * upstream again; what was used stays. The test ages a cached item by rewriting its recorded use.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NpmProxyEvictionIT {
    private static final ObjectMapper JSON = Json.newMapper();
    private static final String CREDS = "admin:" + TestRegistry.ADMIN_PASSWORD;
    private static final String TARBALLS = "npm-upstream-tarball:npmjs:";
    private static final String PACKUMENTS = "npm-upstream:npmjs:";
    private static final String FULL_PACKUMENTS = "npm-upstream-full:npmjs:";

    @TempDir
    static Path dir;

    private Verdaccio upstream;
    private TestRegistry registry;

    @BeforeAll
    void start() throws Exception {
        upstream = Verdaccio.start(dir.resolve("verdaccio"));
        publishUpstream("evicted-lib", 1 << 20, 1);
        publishUpstream("used-lib", 200_000, 2);
        Path config = Files.writeString(dir.resolve("enseada.yaml"), """
                repositories:
                  - name: npmjs
                    format: npm
                    kind: proxy
                    proxy: {url: "%s"}
                    retention: {unusedFor: P7D}
                """.formatted(upstream.url()));
        registry = TestRegistry.start(
                dir.resolve("data"), Map.of("ENSEADA_CONFIG", config.toString(), "ENSEADA_GC_GRACE_PERIOD", "PT0S"));
    }

    @AfterAll
    void stop() {
        registry.close();
        upstream.close();
    }

    @Test
    void whatNobodyRequestedForUnusedForIsEvictedFreedAndFetchedAgainByTheNextInstall() throws Exception {
        assertThat(install("first", "evicted-lib", "used-lib").exit()).isZero();
        Document tarball = cached(TARBALLS + "evicted-lib/evicted-lib-1.0.0.tgz");
        String digest = tarball.body().path("digest").asText();
        long size = tarball.body().path("size").asLong();
        assertThat(tarball.body().path("used").asText())
                .as("the fill records its use")
                .isNotEmpty();
        Thread.sleep(500); // lets any use recorded in the background land before the test ages it
        String longAgo = Instant.now().minus(Duration.ofDays(10)).toString();
        List<String> expected = new ArrayList<>(List.of("cached evicted-lib/evicted-lib-1.0.0.tgz"));
        // npm asks for the abbreviated packument, or the full one (npm view, some versions of npm)
        Map<String, String> forms = Map.of(PACKUMENTS, " (packument)", FULL_PACKUMENTS, " (full packument)");
        for (String prefix : List.of(PACKUMENTS, FULL_PACKUMENTS)) {
            if (registry.documents().get(prefix + "evicted-lib").isPresent()) {
                expected.add("cached evicted-lib" + forms.get(prefix));
            }
        }
        assertThat(expected).as("a packument of evicted-lib is cached").hasSizeGreaterThan(1);
        for (String prefix : List.of(
                TARBALLS + "evicted-lib/evicted-lib-1.0.0.tgz",
                PACKUMENTS + "evicted-lib",
                FULL_PACKUMENTS + "evicted-lib")) {
            registry.documents().update(prefix, body -> body == null ? null : body.put("used", longAgo));
        }

        JsonNode preview = collect(true);

        JsonNode planned = retention(preview);
        List<String> items = new ArrayList<>();
        planned.path("items")
                .forEach(item -> items.add(
                        item.path("kind").asText() + " " + item.path("item").asText()));
        assertThat(items).as("%s", preview).containsExactlyElementsOf(expected);
        assertThat(planned.path("items").get(0).path("reason").asText()).startsWith("unusedFor P7D");
        assertThat(share(preview)).as("%s", preview).isEqualTo(List.of(1L, size));
        assertThat(stored(digest)).as("a dry run removes nothing").isTrue();

        JsonNode run = collect(false);

        assertThat(retention(run).path("removed").asInt()).isEqualTo(expected.size());
        assertThat(share(run)).isEqualTo(List.of(1L, size));
        assertThat(stored(digest)).isFalse();
        assertThat(registry.documents().get(TARBALLS + "evicted-lib/evicted-lib-1.0.0.tgz"))
                .isEmpty();
        assertThat(registry.documents().get(TARBALLS + "used-lib/used-lib-1.0.0.tgz"))
                .as("used within the week")
                .isPresent();

        Cli.Result again = install("second", "evicted-lib");
        assertThat(again.exit()).as(again.output()).isZero();
        assertThat(Files.size(dir.resolve("second/node_modules/evicted-lib/data.bin")))
                .isEqualTo(1 << 20);
        assertThat(cached(TARBALLS + "evicted-lib/evicted-lib-1.0.0.tgz")
                        .body()
                        .path("digest")
                        .asText())
                .isEqualTo(digest);
        assertThat(stored(digest)).as("fetched from the upstream again").isTrue();
    }

    // ------------------------------------------------------------------------------------------

    private Document cached(String id) {
        return registry.documents().get(id).orElseThrow(() -> new AssertionError("not cached: " + id));
    }

    private Cli.Result install(String project, String... packages) throws IOException {
        Path app = Files.createDirectories(dir.resolve(project));
        Files.writeString(app.resolve("package.json"), "{\"name\":\"" + project + "\",\"version\":\"1.0.0\"}");
        Path npmrc = Files.writeString(
                app.resolve(".npmrc"),
                "registry=http://127.0.0.1:" + registry.port() + "/npm/npmjs/\n//127.0.0.1:" + registry.port()
                        + "/npm/npmjs/:_auth="
                        + Base64.getEncoder().encodeToString(CREDS.getBytes(StandardCharsets.UTF_8)) + "\n");
        List<String> command = new ArrayList<>(List.of(
                "npm",
                "--userconfig",
                npmrc.toString(),
                "--cache",
                app.resolve(".npm-cache").toString(),
                "--no-update-notifier",
                "--no-audit",
                "--no-fund",
                "--color=false",
                "install"));
        command.addAll(List.of(packages));
        Cli.Result result = Cli.of(command)
                .in(app)
                .clearEnv("npm_config_")
                .env("HOME", app.toString())
                .timeout(Duration.ofMinutes(2))
                .run();
        assertThat(result.exit()).as(result.output()).isZero();
        return result;
    }

    private JsonNode collect(boolean dryRun) {
        HttpSession.Response response = registry.admin()
                .withTimeout(Duration.ofMinutes(2))
                .post("/api/v1/maintenance/gc", Map.of("dryRun", dryRun));
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json();
    }

    private static JsonNode retention(JsonNode report) {
        for (JsonNode entry : report.path("retention")) {
            if ("npmjs".equals(entry.path("repository").asText())) {
                return entry;
            }
        }
        throw new AssertionError("no retention entry for npmjs in " + report);
    }

    /** [blobs, bytes] the report frees in the proxy. */
    private static List<Long> share(JsonNode report) {
        for (JsonNode share : report.path("byRepository")) {
            if ("npmjs".equals(share.path("repository").asText())) {
                return List.of(share.path("blobs").asLong(), share.path("bytes").asLong());
            }
        }
        return List.of(0L, 0L);
    }

    private boolean stored(String digest) {
        return Files.exists(dir.resolve("data").resolve("blobs").resolve(StorageLayout.blob(Digest.parse(digest))));
    }

    private void publishUpstream(String name, int size, long seed) throws IOException {
        String packageJson =
                JSON.writeValueAsString(Map.of("name", name, "version", "1.0.0", "main", "index.js", "license", "MIT"));
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        byte[] tarball = TestPackages.tarball(packageJson, data);
        upstream.publish(name, JSON.convertValue(TestPackages.publishBody(packageJson, tarball), Map.class));
    }
}
