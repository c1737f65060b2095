package io.enseada.registry.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.enseada.registry.oci.OciPush;
import io.enseada.registry.testing.Cli;
import io.enseada.registry.testing.ProductionBackends;
import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.testing.HttpSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pushes race garbage collections for a minute on two replicas sharing one bucket (S3Proxy) and
 * one database (pouchdb-server): raw API pushes on both replicas and skopeo pushes on one reuse a
 * pool of layers that no manifest keeps (a deleted image's), while both replicas collect in a
 * loop with a grace period of a few seconds, and images pushed earlier are deleted meanwhile so
 * that every run has something to free. The pushers behave as clients do: a layer the registry
 * says it has is not sent again, and a push refused with a retryable error (503, or a blob the
 * registry no longer knows) is pushed again. Afterwards every image whose push succeeded and that
 * was not deleted pulls, and every blob verifies.
 */
class GarbageCollectionRaceIT {
    private static final String CREDS = "admin:" + TestRegistry.ADMIN_PASSWORD;
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final Duration RACE = Duration.ofSeconds(60);
    private static final int POOL = 8;
    private static final int CONTENTS = 12;

    @TempDir
    Path dir;

    /** A pushed image: its name, tag, manifest digest and every blob it references. */
    private record Pushed(String name, String tag, String manifest, Map<String, byte[]> blobs) {}

    @Test
    void everyImageWhosePushSucceededDuringCollectionsPullsAndVerifies() throws Exception {
        Path config = Files.writeString(Files.createDirectories(dir).resolve("enseada.yaml"), """
                repositories:
                  - {name: race, format: oci}
                """);
        Map<String, String> settings = Map.of(
                "ENSEADA_GC_GRACE_PERIOD", "PT3S",
                "ENSEADA_CONFIG", config.toString(),
                "ENSEADA_TOKEN_SIGNING_KEY", "a-signing-key-both-replicas-share-0123456789");
        try (ProductionBackends backends =
                        ProductionBackends.start(dir.resolve("a"), new TransientNio2BlobStore(), settings);
                TestRegistry b = backends.replica(dir.resolve("b"))) {
            List<TestRegistry> replicas = List.of(backends.registry(), b);
            HttpSession onA = session(replicas.get(0));
            List<byte[]> pool = new ArrayList<>();
            for (int i = 0; i < POOL; i++) {
                pool.add(GarbageCollectionContract.layer((1 << 20) + i * 4096, 100 + i));
            }
            // the pool: pushed once, then its image deleted, so that nothing keeps the layers
            Pushed seed = push(onA, "race/seed", "1", pool, 0);
            assertThat(onA.delete("/v2/race/seed/manifests/" + seed.manifest()).status())
                    .isEqualTo(202);
            Thread.sleep(3_500);

            Map<String, Pushed> alive = new ConcurrentHashMap<>();
            AtomicInteger retried = new AtomicInteger();
            AtomicInteger deleted = new AtomicInteger();
            AtomicLong freed = new AtomicLong();
            AtomicInteger runs = new AtomicInteger();
            long until = System.nanoTime() + RACE.toNanos();
            ExecutorService threads = Executors.newFixedThreadPool(5);
            List<Future<?>> work = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                HttpSession replica = session(replicas.get(r));
                int pusher = r;
                List<List<byte[]>> contents = new ArrayList<>();
                for (int k = 0; k < CONTENTS; k++) {
                    contents.add(List.of(
                            GarbageCollectionContract.layer(200_000, 1000 * pusher + 2 * k),
                            GarbageCollectionContract.layer(100_000, 1000 * pusher + 2 * k + 1),
                            pool.get(k % POOL)));
                }
                work.add(threads.submit(() -> {
                    String name = "race/app-" + pusher;
                    Pushed previous = null;
                    for (int i = 0; System.nanoTime() < until; i++) {
                        // the same contents come round again after their image was deleted: re-linked blobs
                        int k = i % CONTENTS;
                        Pushed pushed = pushRetrying(replica, name, "t" + i, contents.get(k), k, retried);
                        alive.put(name + ":t" + i, pushed);
                        if (previous != null) {
                            alive.remove(previous.name() + ":" + previous.tag());
                            HttpSession.Response gone =
                                    replica.delete("/v2/" + name + "/manifests/" + previous.manifest());
                            assertThat(gone.status()).as(gone.toString()).isIn(202, 404);
                            deleted.incrementAndGet();
                        }
                        // one image in five stays, the others go when the next is pushed
                        previous = i % 5 == 0 ? null : pushed;
                        Thread.sleep(150);
                    }
                    return null;
                }));
            }
            work.add(threads.submit(() -> {
                for (int i = 0; System.nanoTime() < until; i++) {
                    List<byte[]> layers = List.of(pool.get(i % POOL), pool.get((i + 3) % POOL));
                    Path layout = dir.resolve("skopeo-" + i);
                    ImageLayout.Image image = ImageLayout.write(layout, "latest", layers);
                    String target = "docker://127.0.0.1:" + b.port() + "/race/skopeo:s" + i;
                    for (int attempt = 0; ; attempt++) {
                        Cli.Result result = Cli.of(
                                        "skopeo",
                                        "--insecure-policy",
                                        "copy",
                                        "--preserve-digests",
                                        "--dest-creds",
                                        CREDS,
                                        "--dest-tls-verify=false",
                                        "oci:" + layout + ":latest",
                                        target)
                                .timeout(Duration.ofMinutes(2))
                                .run();
                        if (result.exit() == 0) {
                            break;
                        }
                        assertThat(attempt)
                                .as("skopeo keeps failing: %s", result.output())
                                .isLessThan(5);
                        retried.incrementAndGet();
                    }
                    alive.put(
                            "race/skopeo:s" + i, new Pushed("race/skopeo", "s" + i, image.manifest(), blobsOf(layers)));
                }
                return null;
            }));
            for (int r = 0; r < 2; r++) {
                HttpSession replica = session(replicas.get(r));
                work.add(threads.submit(() -> {
                    while (System.nanoTime() < until) {
                        HttpSession.Response run = replica.post("/api/v1/maintenance/gc", Map.of("dryRun", false));
                        assertThat(run.status()).as(run.text()).isIn(200, 409);
                        if (run.status() == 200) {
                            runs.incrementAndGet();
                            freed.addAndGet(run.json().path("freedBlobs").asLong());
                        }
                    }
                    return null;
                }));
            }
            threads.shutdown();
            for (Future<?> future : work) {
                future.get(5, TimeUnit.MINUTES);
            }

            assertThat(runs.get()).as("collections that ran").isGreaterThan(3);
            assertThat(freed.get()).as("blobs the collections freed").isGreaterThan(0);
            assertThat(deleted.get()).isGreaterThan(0);
            assertThat(alive).hasSizeGreaterThan(10);
            for (Pushed image : alive.values()) {
                for (TestRegistry replica : replicas) {
                    assertPulls(session(replica), image);
                }
            }
            System.out.printf(
                    "race: %d images alive, %d deleted, %d collections freed %d blobs, %d pushes retried%n",
                    alive.size(), deleted.get(), runs.get(), freed.get(), retried.get());
        }
    }

    private static HttpSession session(TestRegistry registry) {
        return new HttpSession(registry.url())
                .basic("admin", TestRegistry.ADMIN_PASSWORD)
                .withTimeout(Duration.ofSeconds(60));
    }

    private static void assertPulls(HttpSession session, Pushed image) {
        HttpSession.Response manifest =
                session.get("/v2/" + image.name() + "/manifests/" + image.tag(), "Accept", OCI_MANIFEST);
        assertThat(manifest.status()).as("%s:%s", image.name(), image.tag()).isEqualTo(200);
        assertThat(manifest.header("Docker-Content-Digest")).isEqualTo(image.manifest());
        image.blobs().forEach((digest, bytes) -> {
            HttpSession.Response blob = session.get("/v2/" + image.name() + "/blobs/" + digest);
            assertThat(blob.status())
                    .as("%s:%s %s", image.name(), image.tag(), digest)
                    .isEqualTo(200);
            assertThat(OciPush.digest(blob.bytes())).isEqualTo(digest);
        });
    }

    /** A push as a client retries it: again from the start when refused with a retryable error. */
    private static Pushed pushRetrying(
            HttpSession session, String name, String tag, List<byte[]> layers, long seed, AtomicInteger retried) {
        for (int attempt = 0; ; attempt++) {
            try {
                return push(session, name, tag, layers, seed);
            } catch (Retryable e) {
                assertThat(attempt)
                        .as("a push keeps failing: %s", e.getMessage())
                        .isLessThan(10);
                retried.incrementAndGet();
            }
        }
    }

    private static final class Retryable extends RuntimeException {
        Retryable(String message) {
            super(message);
        }
    }

    private static Pushed push(HttpSession session, String name, String tag, List<byte[]> layers, long seed) {
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"name\":\"" + name + "\",\"seed\":" + seed
                        + "}")
                .getBytes(StandardCharsets.UTF_8);
        Map<String, byte[]> blobs = blobsOf(layers);
        blobs.put(OciPush.digest(config), config);
        blobs.forEach((digest, bytes) -> {
            if (session.head("/v2/" + name + "/blobs/" + digest).status() == 200) {
                return; // the registry has it: a client does not send it again
            }
            HttpSession.Response upload = session.request("POST", "/v2/" + name + "/blobs/uploads/?digest=" + digest)
                    .body(bytes)
                    .send();
            if (upload.status() == 503) {
                throw new Retryable("upload: " + upload);
            }
            assertThat(upload.status()).as(upload.toString()).isEqualTo(201);
        });
        StringBuilder descriptors = new StringBuilder();
        for (byte[] layer : layers) {
            if (!descriptors.isEmpty()) {
                descriptors.append(',');
            }
            descriptors
                    .append("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"")
                    .append(OciPush.digest(layer))
                    .append("\",\"size\":")
                    .append(layer.length)
                    .append('}');
        }
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
                        + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + OciPush.digest(config)
                        + "\",\"size\":" + config.length + "},\"layers\":[" + descriptors + "],"
                        // one manifest per tag, however often its layers and config come round
                        + "\"annotations\":{\"tag\":\"" + tag + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
        HttpSession.Response put = session.request("PUT", "/v2/" + name + "/manifests/" + tag)
                .header("Content-Type", OCI_MANIFEST)
                .body(manifest)
                .send();
        if (put.status() == 503 || "MANIFEST_BLOB_UNKNOWN".equals(put.errorCode())) {
            throw new Retryable("manifest: " + put);
        }
        assertThat(put.status()).as(put.toString()).isEqualTo(201);
        return new Pushed(name, tag, put.header("Docker-Content-Digest"), blobs);
    }

    private static Map<String, byte[]> blobsOf(List<byte[]> layers) {
        Map<String, byte[]> blobs = new java.util.LinkedHashMap<>();
        layers.forEach(layer -> blobs.put(OciPush.digest(layer), layer));
        return blobs;
    }
}
