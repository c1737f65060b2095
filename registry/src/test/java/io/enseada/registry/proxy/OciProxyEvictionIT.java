package io.enseada.registry.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.enseada.registry.storage.Digest;
import io.enseada.registry.storage.StorageLayout;
import io.enseada.registry.testing.Cli;
import io.enseada.registry.testing.Distribution;
import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.testing.HttpSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A proxy's {@code retention.unusedFor} with a real upstream (Debian's {@code docker-registry}):
 * an image skopeo pulled through the proxy and nobody pulled since is evicted by a run, its bytes
 * freed, and the next pull fetches it from the upstream again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OciProxyEvictionIT {
    private static final String UPSTREAM_USER = "puller";
    private static final String UPSTREAM_PASSWORD = "puller-password";
    private static final String CREDS = "admin:" + TestRegistry.ADMIN_PASSWORD;
    private static final int MIB = 1 << 20;

    @TempDir
    static Path dir;

    private Distribution distribution;
    private TestRegistry registry;
    private ImageLayout app;

    @BeforeAll
    void start() throws Exception {
        distribution = Distribution.start(dir.resolve("distribution"), UPSTREAM_USER, UPSTREAM_PASSWORD);
        Path config = Files.writeString(
                dir.resolve("enseada.yaml"), """
                repositories:
                  - name: hub
                    format: oci
                    kind: proxy
                    proxy:
                      url: "%s"
                      credentials: {username: %s, password: %s}
                    retention: {unusedFor: PT2S}
                """.formatted(distribution.url(), UPSTREAM_USER, UPSTREAM_PASSWORD));
        registry = TestRegistry.start(
                dir.resolve("data"), Map.of("ENSEADA_CONFIG", config.toString(), "ENSEADA_GC_GRACE_PERIOD", "PT0S"));
        app = ImageLayout.image(dir.resolve("app-layout"), "1.0", 7, 2 * MIB, MIB + 777);
        skopeo(
                "copy",
                "--preserve-digests",
                "--dest-creds",
                UPSTREAM_USER + ":" + UPSTREAM_PASSWORD,
                "--dest-tls-verify=false",
                app.reference(),
                "docker://127.0.0.1:" + distribution.port() + "/team/app:1.0");
    }

    @AfterAll
    void stop() {
        registry.close();
        distribution.close();
    }

    @Test
    void anImageNobodyPulledForUnusedForIsEvictedAndPulledFromTheUpstreamAgain() throws Exception {
        pull(dir.resolve("first"));
        List<String> content = new ArrayList<>(app.blobs());
        content.remove(app.digest()); // the manifest's bytes live in its record
        long contentBytes = 0;
        for (String digest : content) {
            contentBytes += app.blob(digest).length;
            assertThat(stored(digest)).as(digest).isTrue();
        }
        Thread.sleep(3000); // unusedFor PT2S

        JsonNode preview = collect(true);

        List<String> expected = new ArrayList<>(List.of("cached team/app@" + app.digest()));
        content.forEach(digest -> expected.add("cached team/app@" + digest));
        assertThat(items(preview)).as(preview.toString()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(share(preview)).isEqualTo(List.of((long) content.size(), contentBytes));
        assertThat(stored(content.get(0))).as("a dry run deletes nothing").isTrue();

        JsonNode run = collect(false);

        assertThat(items(run)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(share(run)).isEqualTo(List.of((long) content.size(), contentBytes));
        for (String digest : content) {
            assertThat(stored(digest)).as(digest).isFalse();
        }
        String layer = content.stream()
                .filter(digest -> !digest.equals(content.get(0)))
                .findFirst()
                .orElseThrow();
        long fetched = distribution.answered("GET", "/v2/team/app/blobs/" + layer);

        pull(dir.resolve("again"));

        assertThat(distribution.answered("GET", "/v2/team/app/blobs/" + layer))
                .as("fetched from the upstream again")
                .isGreaterThan(fetched);
        for (String digest : content) {
            assertThat(stored(digest)).as(digest).isTrue();
        }
    }

    // ------------------------------------------------------------------------------------------

    private void pull(Path copy) throws Exception {
        skopeo(
                "copy",
                "--preserve-digests",
                "--src-creds",
                CREDS,
                "--src-tls-verify=false",
                "docker://127.0.0.1:" + registry.port() + "/hub/team/app:1.0",
                "oci:" + copy + ":1.0");
        ImageLayout copied = new ImageLayout(copy, app.tag(), app.digest(), app.children());
        assertThat(copied.blobs()).isEqualTo(app.blobs());
        for (String digest : app.blobs()) {
            assertThat(copied.blob(digest)).as(digest).isEqualTo(app.blob(digest));
        }
    }

    private boolean stored(String digest) {
        return Files.exists(dir.resolve("data").resolve("blobs").resolve(StorageLayout.blob(Digest.parse(digest))));
    }

    private JsonNode collect(boolean dryRun) {
        HttpSession.Response response = registry.admin()
                .withTimeout(Duration.ofMinutes(2))
                .post("/api/v1/maintenance/gc", Map.of("dryRun", dryRun));
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json();
    }

    private static List<String> items(JsonNode report) {
        for (JsonNode repository : report.path("retention")) {
            if ("hub".equals(repository.path("repository").asText())) {
                return StreamSupport.stream(repository.path("items").spliterator(), false)
                        .map(item -> item.path("kind").asText() + " "
                                + item.path("item").asText())
                        .toList();
            }
        }
        throw new AssertionError("no retention report of hub in " + report);
    }

    private static List<Long> share(JsonNode report) {
        for (JsonNode share : report.path("byRepository")) {
            if ("hub".equals(share.path("repository").asText())) {
                return List.of(share.path("blobs").asLong(), share.path("bytes").asLong());
            }
        }
        return List.of(0L, 0L);
    }

    private static Cli.Result skopeo(String... args) {
        List<String> command = new ArrayList<>(List.of("skopeo", "--insecure-policy"));
        command.addAll(List.of(args));
        return Cli.of(command).timeout(Duration.ofMinutes(3)).run().assertSucceeded();
    }
}
