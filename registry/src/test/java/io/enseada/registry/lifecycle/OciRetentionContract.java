package io.enseada.registry.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.enseada.registry.oci.OciPush;
import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.testing.HttpSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hosted OCI repository's retention as an administrator declares and runs it, once per backend
 * pair by a subclass: images pushed by skopeo under several tags, a policy in the settings YAML,
 * a dry run that reports what a real run then removes, and skopeo still pulling what was kept.
 */
abstract class OciRetentionContract {
    private static final String REPOSITORIES = """
            repositories:
              - name: ret-images
                format: oci
                retention:
                  keepTags: 2
                  keepTagPatterns: ["v*"]
                  untaggedOlderThan: PT1S
            """;
    private static final String CREDS = "admin:" + TestRegistry.ADMIN_PASSWORD;
    private static final int MIB = 1 << 20;

    @TempDir
    Path work;

    /** The settings of the registry under test: the policy above, no grace period. */
    static Map<String, String> settings(Path dir) throws IOException {
        Path config = Files.writeString(Files.createDirectories(dir).resolve("enseada.yaml"), REPOSITORIES);
        return Map.of("ENSEADA_GC_GRACE_PERIOD", "PT0S", "ENSEADA_CONFIG", config.toString());
    }

    abstract TestRegistry registry();

    HttpSession admin() {
        return registry().admin().withTimeout(Duration.ofMinutes(2));
    }

    @Test
    void keepTagsAndPatternsRemoveTheOlderTagsAndTheirImagesAndFreeExactlyTheirOwnLayers() throws Exception {
        byte[] base = GarbageCollectionContract.layer(2 * MIB, 100);
        Map<String, byte[]> own = new LinkedHashMap<>();
        Map<String, ImageLayout.Image> images = new LinkedHashMap<>();
        int seed = 101;
        // pushed in this order: v1.0 and v2.0 kept by the pattern, c and d the 2 newest of the others
        for (String tag : List.of("v1.0", "a", "b", "v2.0", "c", "d")) {
            byte[] layer = GarbageCollectionContract.layer(MIB + seed, seed++);
            own.put(tag, layer);
            images.put(tag, push(work.resolve("img-" + tag), "ret-images/team/app:" + tag, List.of(base, layer)));
        }
        Thread.sleep(1500); // untaggedOlderThan PT1S: the manifests the tags leave are old enough

        JsonNode preview = collect(true);

        List<String> expected = List.of(
                "tag team/app:b",
                "tag team/app:a",
                "manifest team/app@" + images.get("a").manifest(),
                "manifest team/app@" + images.get("b").manifest());
        JsonNode planned = retention(preview);
        assertThat(items(planned)).as(preview.toString()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(planned.path("removed").asInt()).isEqualTo(4);
        long freed = own.get("a").length
                + own.get("b").length
                + images.get("a").configSize()
                + images.get("b").configSize();
        assertThat(GarbageCollectionContract.share(preview, "ret-images", "oci"))
                .as("the dry run frees the removed images' own layers and configs, not the shared base")
                .isEqualTo(List.of(4L, freed));
        assertThat(tags()).as("a dry run removes nothing").hasSize(6);

        JsonNode run = collect(false);

        JsonNode applied = retention(run);
        assertThat(items(applied)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(applied.path("skipped").asInt()).isZero();
        assertThat(GarbageCollectionContract.share(run, "ret-images", "oci")).isEqualTo(List.of(4L, freed));
        assertThat(tags()).containsExactlyInAnyOrder("v1.0", "v2.0", "c", "d");
        for (String tag : List.of("a", "b")) {
            for (String reference : List.of(tag, images.get(tag).manifest())) {
                HttpSession.Response gone = admin().get("/v2/ret-images/team/app/manifests/" + reference);
                assertThat(gone.status()).as(reference).isEqualTo(404);
                assertThat(gone.json().at("/errors/0/code").asText()).isEqualTo("MANIFEST_UNKNOWN");
            }
            assertThat(admin().head("/v2/ret-images/team/app/blobs/" + OciPush.digest(own.get(tag)))
                            .status())
                    .isEqualTo(404);
        }
        for (String tag : List.of("v1.0", "v2.0", "c", "d")) {
            Path copy = work.resolve("copy-" + tag);
            GarbageCollectionContract.skopeo(
                    "copy",
                    "--src-creds",
                    CREDS,
                    "--src-tls-verify=false",
                    target("ret-images/team/app:" + tag),
                    "dir:" + copy);
            assertThat(Files.readAllBytes(
                            copy.resolve(OciPush.digest(own.get(tag)).substring(7))))
                    .isEqualTo(own.get(tag));
            assertThat(Files.readAllBytes(copy.resolve(OciPush.digest(base).substring(7))))
                    .isEqualTo(base);
        }
        assertThat(items(retention(collect(true)))).as("nothing left to remove").isEmpty();
    }

    // ------------------------------------------------------------------------------------------

    JsonNode collect(boolean dryRun) {
        HttpSession.Response response = admin().post("/api/v1/maintenance/gc", Map.of("dryRun", dryRun));
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json();
    }

    static JsonNode retention(JsonNode report) {
        for (JsonNode repository : report.path("retention")) {
            if ("ret-images".equals(repository.path("repository").asText())) {
                assertThat(repository.path("error").isMissingNode()
                                || repository.path("error").isNull())
                        .as(repository.toString())
                        .isTrue();
                return repository;
            }
        }
        throw new AssertionError("no retention report of ret-images in " + report);
    }

    static List<String> items(JsonNode repository) {
        return StreamSupport.stream(repository.path("items").spliterator(), false)
                .map(item ->
                        item.path("kind").asText() + " " + item.path("item").asText())
                .toList();
    }

    List<String> tags() {
        HttpSession.Response listed = admin().get("/v2/ret-images/team/app/tags/list");
        assertThat(listed.status()).isEqualTo(200);
        return StreamSupport.stream(listed.json().path("tags").spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }

    ImageLayout.Image push(Path dir, String reference, List<byte[]> layers) throws IOException {
        ImageLayout.Image image = ImageLayout.write(dir, "latest", layers);
        GarbageCollectionContract.skopeo(
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
}
