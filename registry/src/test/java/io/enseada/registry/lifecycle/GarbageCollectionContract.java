package io.enseada.registry.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.enseada.registry.npm.TestPackages;
import io.enseada.registry.oci.OciPush;
import io.enseada.registry.testing.Cli;
import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.model.DocumentIds;
import io.enseada.shared.model.RepositoryDeletion;
import io.enseada.shared.testing.HttpSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Garbage collection as an administrator uses it, run once per backend pair by a subclass: the
 * registry collects with a grace period of zero (every blob nothing keeps is due at once), its
 * content pushed by skopeo and the protocols' own requests, layers of several MiB. Each test
 * works in repositories of its own and reads its share of the report, as collections are global.
 */
abstract class GarbageCollectionContract {
    private static final String REPOSITORIES = """
            repositories:
              - {name: gc-images, format: oci}
              - {name: gc-mixed-images, format: oci}
              - {name: gc-mixed-libs, format: maven}
              - {name: gc-npm, format: npm}
              - {name: gc-purged-images, format: oci}
              - {name: gc-purged-libs, format: maven}
            """;
    private static final String CREDS = "admin:" + TestRegistry.ADMIN_PASSWORD;
    private static final int MIB = 1 << 20;

    @TempDir
    Path work;

    /** The settings of the registry under test: its repositories declared in a file in {@code dir}, no grace period. */
    static Map<String, String> settings(Path dir) throws IOException {
        Path config = Files.writeString(Files.createDirectories(dir).resolve("enseada.yaml"), REPOSITORIES);
        return Map.of("ENSEADA_GC_GRACE_PERIOD", "PT0S", "ENSEADA_CONFIG", config.toString());
    }

    /** The registry under test, shared by the class's tests. */
    abstract TestRegistry registry();

    HttpSession admin() {
        return registry().admin().withTimeout(Duration.ofMinutes(2));
    }

    @Test
    void deletingOneOfTwoImagesThatShareLayersFreesExactlyWhatOnlyItHeld() throws Exception {
        byte[] shared = layer(3 * MIB, 1);
        byte[] onlyA1 = layer(2 * MIB, 2);
        byte[] onlyA2 = layer(MIB + 12345, 3);
        byte[] onlyB = layer(2 * MIB, 4);
        ImageLayout.Image a = push(work.resolve("a"), "gc-images/team/app-a:1.0", List.of(shared, onlyA1, onlyA2));
        ImageLayout.Image b = push(work.resolve("b"), "gc-images/team/app-b:1.0", List.of(shared, onlyB));

        assertThat(admin().delete("/v2/gc-images/team/app-a/manifests/" + a.manifest())
                        .status())
                .isEqualTo(202);

        Set<String> onlyA = Set.of(OciPush.digest(onlyA1), OciPush.digest(onlyA2), a.config());
        long onlyABytes = onlyA1.length + onlyA2.length + a.configSize();
        JsonNode preview = collect(true);
        assertThat(preview.path("dryRun").asBoolean()).isTrue();
        assertThat(share(preview, "gc-images", "oci"))
                .as("the dry run's share of gc-images: %s", preview)
                .isEqualTo(List.of((long) onlyA.size(), onlyABytes));
        assertThat(digests(preview.path("largest"))).contains(OciPush.digest(onlyA1), OciPush.digest(onlyA2));
        assertThat(admin().head("/v2/gc-images/team/app-a/blobs/" + OciPush.digest(onlyA1))
                        .status())
                .as("a dry run deletes nothing")
                .isEqualTo(200);

        JsonNode run = collect(false);

        assertThat(run.path("dryRun").asBoolean()).isFalse();
        assertThat(share(run, "gc-images", "oci")).isEqualTo(List.of((long) onlyA.size(), onlyABytes));
        for (String digest : onlyA) {
            assertThat(admin().head("/v2/gc-images/team/app-a/blobs/" + digest).status())
                    .as(digest)
                    .isEqualTo(404);
        }
        assertThat(admin().head("/v2/gc-images/team/app-b/blobs/" + OciPush.digest(shared))
                        .status())
                .isEqualTo(200);
        Path copy = work.resolve("b-copy");
        skopeo(
                "copy",
                "--src-creds",
                CREDS,
                "--src-tls-verify=false",
                target("gc-images/team/app-b:1.0"),
                "dir:" + copy);
        assertThat(Files.readAllBytes(copy.resolve(OciPush.digest(shared).substring(7))))
                .isEqualTo(shared);
        assertThat(Files.readAllBytes(copy.resolve(OciPush.digest(onlyB).substring(7))))
                .isEqualTo(onlyB);
        assertThat(share(collect(true), "gc-images", "oci"))
                .as("nothing left to free")
                .isEqualTo(List.of(0L, 0L));
        assertThat(b.manifest()).isNotBlank();
    }

    @Test
    void aBlobThatIsBothAnImageLayerAndAMavenFileOutlivesTheImage() throws Exception {
        byte[] bytes = layer(2 * MIB, 10);
        ImageLayout.Image image = push(work.resolve("mixed"), "gc-mixed-images/app:1", List.of(bytes));
        String jar = "/maven/gc-mixed-libs/org/example/shared/1.0/shared-1.0.jar";
        assertThat(admin().putContent(jar, bytes).status()).isEqualTo(201);
        assertThat(admin().delete("/v2/gc-mixed-images/app/manifests/" + image.manifest())
                        .status())
                .isEqualTo(202);

        JsonNode run = collect(false);

        assertThat(digests(run.path("largest"))).doesNotContain(OciPush.digest(bytes));
        assertThat(share(run, "gc-mixed-images", "oci"))
                .as("only the image's config goes")
                .isEqualTo(List.of(1L, image.configSize()));
        assertThat(admin().get(jar).bytes()).isEqualTo(bytes);
    }

    @Test
    void anUnpublishedPackagesTarballIsFreedAndAPublishedOnesIsKept() throws Exception {
        byte[] gone = TestPackages.tarball(TestPackages.packageJson("gc-gone", "1.0.0"), layer(MIB, 20));
        byte[] kept = TestPackages.tarball(TestPackages.packageJson("gc-kept", "1.0.0"), layer(MIB, 21));
        assertThat(admin().put("/npm/gc-npm/gc-gone", TestPackages.publishBody("gc-gone", "1.0.0", gone))
                        .status())
                .isIn(200, 201);
        assertThat(admin().put("/npm/gc-npm/gc-kept", TestPackages.publishBody("gc-kept", "1.0.0", kept))
                        .status())
                .isIn(200, 201);
        // what `npm unpublish gc-gone --force` sends: the packument's deletion at the revision it read
        String rev = admin().get("/npm/gc-npm/gc-gone").json().path("_rev").asText();
        assertThat(admin().delete("/npm/gc-npm/gc-gone/-rev/" + rev).status()).isEqualTo(200);

        JsonNode run = collect(false);

        assertThat(run.path("freedBlobs").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(stored(OciPush.digest(gone))).as("the unpublished tarball").isFalse();
        assertThat(stored(OciPush.digest(kept))).as("the published tarball").isTrue();
        assertThat(admin().get("/npm/gc-npm/gc-kept/-/gc-kept-1.0.0.tgz").bytes())
                .isEqualTo(kept);
    }

    @Test
    void purgingRepositoriesWithDeletionPolicyDeleteFreesTheirBytes() throws Exception {
        byte[] layerBytes = layer(2 * MIB, 30);
        byte[] jarBytes = layer(MIB, 31);
        push(work.resolve("purged"), "gc-purged-images/app:1", List.of(layerBytes));
        String jar = "/maven/gc-purged-libs/org/example/purged/1.0/purged-1.0.jar";
        assertThat(admin().putContent(jar, jarBytes).status()).isEqualTo(201);

        // as the operator asks for a Repository with deletionPolicy: Delete
        for (String name : List.of("gc-purged-images", "gc-purged-libs")) {
            RepositoryDeletion request = new RepositoryDeletion("Repository/test/" + name, Instant.now());
            registry().documents().update(DocumentIds.repository(name), request::addTo);
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> registry()
                                .documents()
                                .get(DocumentIds.repository("gc-purged-images"))
                                .isEmpty()
                        && registry()
                                .documents()
                                .get(DocumentIds.repository("gc-purged-libs"))
                                .isEmpty());
        assertThat(stored(OciPush.digest(layerBytes)))
                .as("a purge only removes metadata")
                .isTrue();

        JsonNode run = collect(false);

        assertThat(stored(OciPush.digest(layerBytes))).as("the image's layer").isFalse();
        assertThat(stored(OciPush.digest(jarBytes))).as("the Maven file").isFalse();
        assertThat(run.path("freedBytes").asLong()).isGreaterThanOrEqualTo(layerBytes.length + jarBytes.length);
    }

    @Test
    void onlyAdministratorsCollectAndEveryRunIsListedNewestFirst() {
        registry().user("gc-reader", "reader-password", List.of("gc-images"), "read");
        HttpSession reader = new HttpSession(registry().url()).basic("gc-reader", "reader-password");
        assertThat(reader.post("/api/v1/maintenance/gc", Map.of("dryRun", true)).status())
                .isEqualTo(403);
        assertThat(reader.get("/api/v1/maintenance/gc").status()).isEqualTo(403);
        assertThat(registry()
                        .anonymous()
                        .post("/api/v1/maintenance/gc", Map.of("dryRun", true))
                        .status())
                .isEqualTo(401);
        assertThat(admin().post("/api/v1/maintenance/gc", Map.of("dryRun", "soon"))
                        .status())
                .isEqualTo(400);

        String first = collect(true).path("id").asText();
        String second = collect(true).path("id").asText();

        JsonNode runs = admin().get("/api/v1/maintenance/gc").json().path("items");
        List<String> ids = StreamSupport.stream(runs.spliterator(), false)
                .map(r -> r.path("id").asText())
                .toList();
        assertThat(ids).containsSubsequence(second, first);
        assertThat(runs.get(0).path("finished").asText()).isNotBlank();
    }

    // ------------------------------------------------------------------------------------------

    JsonNode collect(boolean dryRun) {
        HttpSession.Response response = admin().post("/api/v1/maintenance/gc", Map.of("dryRun", dryRun));
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json();
    }

    /** [blobs, bytes] the report frees in one repository. */
    static List<Long> share(JsonNode report, String repository, String format) {
        for (JsonNode share : report.path("byRepository")) {
            if (repository.equals(share.path("repository").asText())
                    && format.equals(share.path("format").asText())) {
                return List.of(share.path("blobs").asLong(), share.path("bytes").asLong());
            }
        }
        return List.of(0L, 0L);
    }

    static Set<String> digests(JsonNode items) {
        return StreamSupport.stream(items.spliterator(), false)
                .map(item -> item.path("digest").asText())
                .collect(Collectors.toSet());
    }

    /** Whether the blob store still holds the blob, as the next dry run sees it (blobs examined). */
    abstract boolean stored(String digest);

    ImageLayout.Image push(Path dir, String reference, List<byte[]> layers) throws IOException {
        ImageLayout.Image image = ImageLayout.write(dir, "latest", layers);
        skopeo(
                "copy",
                "--preserve-digests",
                "--dest-creds",
                CREDS,
                "--dest-tls-verify=false",
                "oci:" + dir + ":latest",
                target(reference));
        return image;
    }

    String target(String reference) {
        return "docker://127.0.0.1:" + registry().port() + "/" + reference;
    }

    static byte[] layer(int size, long seed) throws IOException {
        return ImageLayout.randomLayer(size, seed);
    }

    static Cli.Result skopeo(String... args) {
        List<String> command = new ArrayList<>(List.of("skopeo", "--insecure-policy"));
        command.addAll(List.of(args));
        return Cli.of(command).timeout(Duration.ofMinutes(3)).run().assertSucceeded();
    }
}
