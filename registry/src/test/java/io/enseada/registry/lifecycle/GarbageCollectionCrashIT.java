package io.enseada.registry.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.enseada.registry.oci.OciPush;
import io.enseada.registry.testing.RegistryProcess;
import io.enseada.shared.testing.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry's process is killed (SIGKILL) in the middle of a sweep of thousands of unused
 * blobs: nothing that an image keeps is gone, and once restarted (the dead holder's lease lapses)
 * the next collection completes what the first began.
 */
class GarbageCollectionCrashIT {
    private static final String PASSWORD = "crash-admin-password";
    private static final int ORPHANS = 4000;
    private static final Duration START = Duration.ofSeconds(60);

    @TempDir
    Path work;

    @Test
    void aSweepKilledMidwayDeletesNothingKeptAndTheNextRunCompletesIt() throws Exception {
        Path config = Files.writeString(work.resolve("enseada.yaml"), """
                repositories:
                  - {name: crash, format: oci}
                """);
        Map<String, String> env = Map.of(
                "ENSEADA_ADMIN_PASSWORD",
                PASSWORD,
                "ENSEADA_GC_GRACE_PERIOD",
                "PT0S",
                "ENSEADA_CONFIG",
                config.toString(),
                "ENSEADA_PORT",
                Integer.toString(RegistryProcess.freePort()));
        Path blobs = work.resolve("data/blobs/blobs/sha256");
        byte[] layer = GarbageCollectionContract.layer(3 << 20, 7);
        String manifest;
        long killedWith;
        try (RegistryProcess first = RegistryProcess.start(work, env).awaitReady(START)) {
            HttpSession admin = admin(first);
            manifest = pushImage(admin, layer);
            pushOrphans(admin);
            long before = count(blobs);
            assertThat(before).isGreaterThanOrEqualTo(ORPHANS + 2);

            CompletableFuture<HttpSession.Response> run =
                    CompletableFuture.supplyAsync(() -> admin.post("/api/v1/maintenance/gc", Map.of("dryRun", false)));
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> count(blobs) < before || run.isDone());
            first.kill();
            killedWith = count(blobs);
            assertThat(run.handle((response, failure) -> failure == null && response.status() == 200)
                            .get(30, java.util.concurrent.TimeUnit.SECONDS))
                    .as("the run was still going when its process was killed")
                    .isFalse();
        }
        assertThat(killedWith)
                .as("killed mid-sweep: some unused blobs are left")
                .isGreaterThan(2);
        assertThat(stored(blobs, OciPush.digest(layer))).isTrue();

        try (RegistryProcess second = RegistryProcess.start(work, env).awaitReady(START)) {
            HttpSession admin = admin(second);
            assertPulls(admin, manifest, layer);
            // the dead replica's lease lapses, then a collection runs to its end
            HttpSession.Response[] done = new HttpSession.Response[1];
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        done[0] = admin.post("/api/v1/maintenance/gc", Map.of("dryRun", false));
                        assertThat(done[0].status()).as(done[0].text()).isIn(200, 409);
                        return done[0].status() == 200;
                    });
            assertThat(count(blobs)).as("left: the image's layer and config").isEqualTo(2);
            assertPulls(admin, manifest, layer);
            assertThat(admin.get("/api/v1/maintenance/gc").json().path("items").size())
                    .as("the killed run left no report; the completed one did")
                    .isEqualTo(1);
        }
    }

    private static HttpSession admin(RegistryProcess registry) {
        return new HttpSession(registry.url()).basic("admin", PASSWORD).withTimeout(Duration.ofMinutes(3));
    }

    private static String pushImage(HttpSession admin, byte[] layer) {
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
        String configDigest = OciPush.blob(admin, "crash/kept", config);
        String layerDigest = OciPush.blob(admin, "crash/kept", layer);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest
                + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + layerDigest + "\",\"size\":"
                + layer.length + "}]}";
        return OciPush.manifest(
                admin,
                "crash/kept",
                "1",
                "application/vnd.oci.image.manifest.v1+json",
                manifest.getBytes(StandardCharsets.UTF_8));
    }

    /** Layers pushed and never named by a manifest: every one is due. */
    private static void pushOrphans(HttpSession admin) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> pushed = new ArrayList<>();
            for (int i = 0; i < ORPHANS; i++) {
                byte[] content = ("orphan " + i).getBytes(StandardCharsets.UTF_8);
                pushed.add(pool.submit(() -> OciPush.blob(admin, "crash/orphans", content)));
            }
            for (Future<String> future : pushed) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static void assertPulls(HttpSession admin, String manifest, byte[] layer) {
        HttpSession.Response pulled =
                admin.get("/v2/crash/kept/manifests/1", "Accept", "application/vnd.oci.image.manifest.v1+json");
        assertThat(pulled.status()).isEqualTo(200);
        assertThat(pulled.header("Docker-Content-Digest")).isEqualTo(manifest);
        assertThat(admin.get("/v2/crash/kept/blobs/" + OciPush.digest(layer)).bytes())
                .isEqualTo(layer);
    }

    /** How many blobs are stored; a walk that meets a file being deleted walks again. */
    private static long count(Path blobs) throws IOException {
        for (int attempt = 0; ; attempt++) {
            if (!Files.isDirectory(blobs)) {
                return 0;
            }
            try (Stream<Path> files = Files.walk(blobs)) {
                return files.filter(Files::isRegularFile).count();
            } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException deletedMeanwhile) {
                if (attempt == 20) {
                    throw deletedMeanwhile;
                }
            }
        }
    }

    private static boolean stored(Path blobs, String digest) {
        String hex = digest.substring(7);
        return Files.exists(blobs.resolve(hex.substring(0, 2)).resolve(hex));
    }
}
