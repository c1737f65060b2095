package io.enseada.registry.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.registry.testing.Cli;
import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.json.Json;
import io.enseada.shared.testing.HttpSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the management API shows of an OCI repository, for images pushed by the real {@code skopeo}:
 * an image of several multi-MiB layers under two tags, a two-platform index, a referrer on one of
 * them, and a small image pushed first. The listing (sorted, paged), one image's detail (as
 * {@code skopeo inspect} sees the same image), search and recent activity, each within the
 * caller's read rights, down to a policy limited to one image path.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OciBrowseIT {
    private static final ObjectMapper JSON = Json.newMapper();
    private static final int MIB = 1 << 20;
    private static final String CREDS = "admin:" + TestRegistry.ADMIN_PASSWORD;
    private static final String LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    private static final String SBOM = "application/vnd.example.sbom.v1+json";
    private static final String BUILT = "2026-11-30T12:34:56Z";
    private static final String PACKAGES = "/api/v1/repositories/shelf/packages";

    @TempDir
    static Path work;

    private TestRegistry registry;
    private HttpSession admin;
    private final List<byte[]> layers = new ArrayList<>();
    private final List<Layout.Image> versions = new ArrayList<>();
    private String indexDigest;
    private String referrerDigest;
    private long referrerSize;
    private long referrerBlobs;
    private long tinyBytes;

    @BeforeAll
    void pushImages() throws Exception {
        Path config = Files.writeString(work.resolve("enseada.yaml"), """
                repositories:
                  - {name: shelf, format: oci}
                  - {name: elsewhere, format: oci}
                users:
                  - {name: reader, password: reader-password-1}
                  - {name: stranger, password: stranger-password-1}
                  - {name: narrow, password: narrow-password-1}
                policies:
                  - name: reader-shelf
                    subjects: [user:reader]
                    rules:
                      - {repositories: [shelf], actions: [read]}
                  - name: stranger-elsewhere
                    subjects: [user:stranger]
                    rules:
                      - {repositories: [elsewhere], actions: [read]}
                  - name: narrow-app
                    subjects: [user:narrow]
                    rules:
                      - {repositories: [shelf], paths: ["web/app"], actions: [read]}
                """);
        registry = TestRegistry.start(work.resolve("data"), Map.of("ENSEADA_CONFIG", config.toString()));
        admin = registry.admin().withTimeout(Duration.ofMinutes(1));

        OciPush.image(admin, "shelf/base/tiny", "stable", 7);
        HttpSession.Response tiny = admin.get("/v2/shelf/base/tiny/manifests/stable");
        tinyBytes = tiny.bytes().length
                + tiny.json().at("/config/size").asLong()
                + tiny.json().at("/layers/0/size").asLong();

        Path multi = work.resolve("multi");
        indexDigest = OciLayouts.multiArch(multi, "edge");
        skopeo(
                "copy",
                "--all",
                "--preserve-digests",
                "--dest-creds",
                CREDS,
                "--dest-tls-verify=false",
                "oci:" + multi + ":edge",
                target("web/multi:edge"));

        layers.add(layer(3 * MIB, 1));
        layers.add(layer(2 * MIB, 2));
        layers.add(layer(MIB + 4321, 3));
        Path app = work.resolve("app");
        versions.add(Layout.write(app, "v1.4.0", layers.subList(0, 2)));
        versions.add(Layout.write(app, "v1.5.0", layers));
        for (String tag : List.of("v1.4.0", "v1.5.0")) {
            skopeo(
                    "copy",
                    "--preserve-digests",
                    "--dest-creds",
                    CREDS,
                    "--dest-tls-verify=false",
                    "oci:" + app + ":" + tag,
                    target("web/app:" + tag));
        }

        byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
        byte[] sbom = "{\"spdxVersion\":\"SPDX-2.3\",\"name\":\"web/app\"}".getBytes(StandardCharsets.UTF_8);
        String emptyDigest = OciPush.blob(admin, "shelf/web/app", empty);
        String sbomDigest = OciPush.blob(admin, "shelf/web/app", sbom);
        Layout.Image subject = versions.get(1);
        byte[] referrer = ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"artifactType\":\"" + SBOM
                        + "\",\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\""
                        + emptyDigest + "\",\"size\":2},\"layers\":[{\"mediaType\":\"application/spdx+json\","
                        + "\"digest\":\"" + sbomDigest + "\",\"size\":" + sbom.length + "}],"
                        + "\"subject\":{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\"" + subject.manifest()
                        + "\",\"size\":" + subject.manifestSize() + "}}")
                .getBytes(StandardCharsets.UTF_8);
        referrerDigest = OciPush.digest(referrer);
        HttpSession.Response put = admin.request("PUT", "/v2/shelf/web/app/manifests/" + referrerDigest)
                .header("Content-Type", OCI_MANIFEST)
                .body(referrer)
                .send();
        assertThat(put.status()).as(put.toString()).isEqualTo(201);
        referrerSize = referrer.length;
        referrerBlobs = empty.length + sbom.length;
    }

    @AfterAll
    void stop() {
        registry.close();
    }

    @Test
    void theListingHasOneItemPerImageSortedAndPagedWithItsTagsAndBytesCountedOnce() throws Exception {
        HttpSession.Response byName = admin.get(PACKAGES + "?sort=name");
        assertThat(byName.status()).as(byName.toString()).isEqualTo(200);
        assertThat(names(byName.json())).containsExactly("base/tiny", "web/app", "web/multi");
        assertThat(byName.json().path("total").asInt()).isEqualTo(3);

        JsonNode app = byName.json().path("items").path(1);
        assertThat(app.path("latest").asText()).as("the tag pushed last").isEqualTo("v1.5.0");
        assertThat(app.path("versions").asInt()).isEqualTo(2);
        assertThat(texts(app.path("keywords"))).containsExactlyInAnyOrder("v1.4.0", "v1.5.0");
        long layerBytes = layers.stream().mapToLong(bytes -> bytes.length).sum();
        long expected = versions.get(0).manifestSize()
                + versions.get(1).manifestSize()
                + versions.get(0).configSize()
                + versions.get(1).configSize()
                + layerBytes
                + referrerSize
                + referrerBlobs;
        assertThat(app.path("bytes").asLong())
                .as("both manifests, their configs, each shared layer once, and the referrer")
                .isEqualTo(expected);
        Instant updated = Instant.parse(app.path("updated").asText());
        assertThat(updated).isBetween(Instant.now().minusSeconds(600), Instant.now());

        HttpSession.Response byUpdated = admin.get(PACKAGES + "?sort=updated&order=desc");
        assertThat(names(byUpdated.json()))
                .as("pushed last first: the referrer updated web/app")
                .containsExactly("web/app", "web/multi", "base/tiny");
        List<JsonNode> bySize = new ArrayList<>();
        byName.json().path("items").forEach(bySize::add);
        bySize.sort(
                Comparator.comparingLong((JsonNode item) -> item.path("bytes").asLong())
                        .reversed());
        assertThat(names(admin.get(PACKAGES + "?sort=bytes&order=desc").json()))
                .startsWith("web/app")
                .isEqualTo(texts(bySize.stream().map(item -> item.path("name")).toList()));
        assertThat(names(admin.get(PACKAGES + "?sort=versions&order=asc").json()))
                .as("one tag each, ties by name, then two tags")
                .containsExactly("base/tiny", "web/multi", "web/app");

        HttpSession.Response page = admin.get(PACKAGES + "?sort=name&offset=1&limit=1");
        assertThat(names(page.json())).containsExactly("web/app");
        assertThat(page.json().path("total").asInt()).isEqualTo(3);
        HttpSession.Response last = admin.get(PACKAGES + "?sort=name&order=desc&offset=2&limit=2");
        assertThat(names(last.json())).containsExactly("base/tiny");
        HttpSession.Response past = admin.get(PACKAGES + "?offset=3");
        assertThat(past.json().path("items")).isEmpty();
        assertThat(past.json().path("total").asInt()).isEqualTo(3);

        JsonNode tiny = byName.json().path("items").path(0);
        assertThat(tiny.path("bytes").asLong()).isEqualTo(tinyBytes);
    }

    @Test
    void anImagesDetailShowsItsTagsManifestsLayersAndReferrersAsSkopeoSeesThem() throws Exception {
        HttpSession.Response detail = admin.get(PACKAGES + "/web/app");
        assertThat(detail.status()).as(detail.toString()).isEqualTo(200);
        JsonNode image = detail.json();
        assertThat(image.path("name").asText()).isEqualTo("web/app");

        JsonNode tags = image.path("tags");
        assertThat(texts(tags.findValues("tag"))).as("newest first").containsExactly("v1.5.0", "v1.4.0");
        for (JsonNode tag : tags) {
            JsonNode inspected = inspect("web/app:" + tag.path("tag").asText());
            assertThat(tag.path("digest").asText())
                    .isEqualTo(inspected.path("Digest").asText());
            assertThat(tag.path("pushed").isTextual()).isTrue();

            JsonNode manifest = manifest(image, tag.path("digest").asText());
            assertThat(manifest.path("mediaType").asText()).isEqualTo(OCI_MANIFEST);
            assertThat(manifest.path("created").asText()).isEqualTo(BUILT);
            assertThat(Instant.parse(inspected.path("Created").asText())).isEqualTo(Instant.parse(BUILT));
            // skopeo 1.9 names the layers; their sizes and types are in the manifest as it reads it
            JsonNode named = inspected.path("Layers");
            JsonNode described =
                    inspectRaw("web/app:" + tag.path("tag").asText()).path("layers");
            JsonNode shown = manifest.path("layers");
            assertThat(shown.size()).isEqualTo(named.size()).isEqualTo(described.size());
            long layerBytes = 0;
            for (int i = 0; i < shown.size(); i++) {
                assertThat(shown.path(i).path("digest").asText())
                        .isEqualTo(named.path(i).asText())
                        .isEqualTo(described.path(i).path("digest").asText());
                assertThat(shown.path(i).path("size").asLong())
                        .isEqualTo(described.path(i).path("size").asLong())
                        .isEqualTo(layers.get(i).length)
                        .isGreaterThan(MIB);
                assertThat(shown.path(i).path("mediaType").asText())
                        .isEqualTo(described.path(i).path("mediaType").asText());
                layerBytes += shown.path(i).path("size").asLong();
            }
            Layout.Image version = tag.path("tag").asText().equals("v1.4.0") ? versions.get(0) : versions.get(1);
            assertThat(manifest.path("size").asLong())
                    .as("the manifest, its config and its layers")
                    .isEqualTo(version.manifestSize() + version.configSize() + layerBytes);
            assertThat(manifest.path("platforms")).isEmpty();
        }
        assertThat(manifest(image, versions.get(0).manifest()).path("layers")).hasSize(2);
        assertThat(manifest(image, versions.get(1).manifest()).path("layers")).hasSize(3);

        JsonNode referrers = manifest(image, versions.get(1).manifest()).path("referrers");
        assertThat(referrers).hasSize(1);
        assertThat(referrers.path(0).path("digest").asText()).isEqualTo(referrerDigest);
        assertThat(referrers.path(0).path("artifactType").asText()).isEqualTo(SBOM);
        assertThat(referrers.path(0).path("mediaType").asText()).isEqualTo(OCI_MANIFEST);
        assertThat(referrers.path(0).path("size").asLong()).isEqualTo(referrerSize);
        assertThat(manifest(image, versions.get(0).manifest()).path("referrers"))
                .isEmpty();
        JsonNode sbom = manifest(image, referrerDigest);
        assertThat(sbom.path("artifactType").asText())
                .as("an untagged manifest is listed too")
                .isEqualTo(SBOM);
        assertThat(sbom.path("created").isNull()).as("its config holds no date").isTrue();
        assertThat(image.path("manifests")).hasSize(3);
    }

    @Test
    void anIndexShowsItsPlatformsWithTheirChildrenAndTheirSizes() throws Exception {
        JsonNode image = admin.get(PACKAGES + "/web/multi").json();
        assertThat(texts(image.path("tags").findValues("digest"))).containsExactly(indexDigest);
        JsonNode raw = JSON.readTree(
                Cli.of("skopeo", "inspect", "--raw", "--creds", CREDS, "--tls-verify=false", target("web/multi:edge"))
                        .timeout(Duration.ofMinutes(1))
                        .succeed()
                        .output());
        JsonNode index = manifest(image, indexDigest);
        assertThat(index.path("mediaType").asText()).isEqualTo(OCI_INDEX);
        assertThat(index.path("layers")).isEmpty();
        JsonNode platforms = index.path("platforms");
        assertThat(texts(platforms.findValues("platform"))).containsExactly("linux/amd64", "linux/arm64");
        long children = 0;
        for (int i = 0; i < platforms.size(); i++) {
            JsonNode platform = platforms.path(i);
            assertThat(platform.path("digest").asText())
                    .isEqualTo(raw.path("manifests").path(i).path("digest").asText());
            JsonNode child = manifest(image, platform.path("digest").asText());
            assertThat(child.path("layers")).hasSize(2);
            assertThat(platform.path("size").asLong())
                    .as("the child's manifest and blobs")
                    .isEqualTo(child.path("size").asLong())
                    .isGreaterThan(raw.path("manifests").path(i).path("size").asLong());
            children += child.path("size").asLong();
        }
        assertThat(index.path("size").asLong())
                .as("the index and its children's")
                .isGreaterThan(children);
        assertThat(image.path("manifests")).hasSize(3);
    }

    @Test
    void anUnknownImageIs404InTheApiErrorFormat() {
        HttpSession.Response missing = admin.get(PACKAGES + "/web/nothing");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().at("/error/code").asText()).isEqualTo("NOT_FOUND");
        assertThat(missing.json().at("/error/message").asText()).contains("web/nothing");
        assertThat(admin.get(PACKAGES + "/Not..Valid").status()).isEqualTo(404);
    }

    @Test
    void searchFindsTheImageByNameAndByTagAndActivityListsItFirst() {
        HttpSession.Response byName = admin.get("/api/v1/search?q=app");
        assertThat(byName.status()).isEqualTo(200);
        JsonNode hit = byName.json().path("items").path(0);
        assertThat(hit.path("repository").asText()).isEqualTo("shelf");
        assertThat(hit.path("format").asText()).isEqualTo("oci");
        assertThat(hit.at("/item/name").asText()).isEqualTo("web/app");
        assertThat(byName.json().path("items")).hasSize(1);

        HttpSession.Response byTag = admin.get("/api/v1/search?q=v1.4");
        assertThat(hitNames(byTag.json())).containsExactly("web/app");
        assertThat(hitNames(admin.get("/api/v1/search?q=edge").json())).containsExactly("web/multi");
        assertThat(hitNames(admin.get("/api/v1/search?q=web").json())).containsExactly("web/app", "web/multi");

        HttpSession.Response activity = admin.get("/api/v1/activity");
        assertThat(activity.status()).isEqualTo(200);
        assertThat(hitNames(activity.json())).containsExactly("web/app", "web/multi", "base/tiny");
        assertThat(activity.json().at("/items/0/repository").asText()).isEqualTo("shelf");
    }

    @Test
    void eachCallerSeesOnlyWhatItMayRead() {
        HttpSession anonymous = registry.anonymous();
        HttpSession.Response refused = anonymous.get(PACKAGES);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().at("/error/code").isTextual()).isTrue();
        assertThat(anonymous.get(PACKAGES + "/web/app").status()).isEqualTo(401);
        assertThat(anonymous.get("/api/v1/search?q=web").json().path("items")).isEmpty();

        HttpSession stranger = registry.anonymous().basic("stranger", "stranger-password-1");
        HttpSession.Response forbidden = stranger.get(PACKAGES);
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.json().at("/error/code").isTextual()).isTrue();
        assertThat(stranger.get(PACKAGES + "/web/app").status()).isEqualTo(403);
        assertThat(stranger.get("/api/v1/search?q=web").json().path("items")).isEmpty();
        assertThat(stranger.get("/api/v1/activity").json().path("items")).isEmpty();

        HttpSession reader = registry.anonymous().basic("reader", "reader-password-1");
        assertThat(names(reader.get(PACKAGES).json())).containsExactly("base/tiny", "web/app", "web/multi");

        HttpSession narrow = registry.anonymous().basic("narrow", "narrow-password-1");
        HttpSession.Response listing = narrow.get(PACKAGES);
        assertThat(listing.status()).isEqualTo(200);
        assertThat(names(listing.json())).containsExactly("web/app");
        assertThat(listing.json().path("total").asInt()).isEqualTo(1);
        assertThat(hitNames(narrow.get("/api/v1/search?q=web").json())).containsExactly("web/app");
        assertThat(hitNames(narrow.get("/api/v1/activity").json())).containsExactly("web/app");
        assertThat(narrow.get(PACKAGES + "/web/app").status()).isEqualTo(200);
        HttpSession.Response hidden = narrow.get(PACKAGES + "/web/multi");
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(hidden.json().at("/error/code").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void badQueryParametersAre400InTheApiErrorFormat() {
        String longQuery = "q".repeat(201);
        Map<String, String> bad = Map.of(
                PACKAGES + "?sort=bogus",
                "sort",
                PACKAGES + "?order=sideways",
                "order",
                PACKAGES + "?limit=0",
                "limit",
                PACKAGES + "?limit=100000",
                "limit",
                PACKAGES + "?offset=-1",
                "offset",
                PACKAGES + "?limit=ten",
                "limit",
                "/api/v1/search?q=" + longQuery,
                "q",
                "/api/v1/search?q=app&limit=0",
                "limit",
                "/api/v1/activity?limit=501",
                "limit");
        bad.forEach((path, field) -> {
            HttpSession.Response response = admin.get(path);
            assertThat(response.status()).as(response.toString()).isEqualTo(400);
            assertThat(response.json().at("/error/code").asText()).isEqualTo("INVALID");
            assertThat(response.json().at("/error/field").asText()).isEqualTo(field);
        });
        assertThat(admin.get("/api/v1/search?q=" + "q".repeat(200)).status()).isEqualTo(200);
    }

    private JsonNode inspect(String reference) throws IOException {
        return JSON.readTree(Cli.of("skopeo", "inspect", "--creds", CREDS, "--tls-verify=false", target(reference))
                .timeout(Duration.ofMinutes(1))
                .succeed()
                .output());
    }

    private JsonNode inspectRaw(String reference) throws IOException {
        return JSON.readTree(
                Cli.of("skopeo", "inspect", "--raw", "--creds", CREDS, "--tls-verify=false", target(reference))
                        .timeout(Duration.ofMinutes(1))
                        .succeed()
                        .output());
    }

    private static JsonNode manifest(JsonNode image, String digest) {
        for (JsonNode manifest : image.path("manifests")) {
            if (manifest.path("digest").asText().equals(digest)) {
                return manifest;
            }
        }
        throw new AssertionError("no manifest " + digest + " in " + image);
    }

    private static List<String> names(JsonNode listing) {
        return texts(listing.path("items").findValues("name"));
    }

    private static List<String> hitNames(JsonNode hits) {
        List<String> names = new ArrayList<>();
        hits.path("items").forEach(hit -> names.add(hit.at("/item/name").asText()));
        return names;
    }

    private static List<String> texts(Iterable<JsonNode> nodes) {
        List<String> texts = new ArrayList<>();
        nodes.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private String target(String reference) {
        return "docker://127.0.0.1:" + registry.port() + "/shelf/" + reference;
    }

    private static void skopeo(String... args) {
        List<String> command = new ArrayList<>(List.of("skopeo", "--insecure-policy"));
        command.addAll(List.of(args));
        Cli.of(command).timeout(Duration.ofMinutes(3)).succeed();
    }

    /** gzip of random bytes: as large as the bytes, as a compressed layer is. */
    private static byte[] layer(int size, long seed) throws IOException {
        byte[] random = new byte[size];
        new Random(seed).nextBytes(random);
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + 1024);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(random);
        }
        return out.toByteArray();
    }

    /** An OCI layout holding several tagged images that share a blob folder, as skopeo's {@code oci:} transport reads it. */
    private static final class Layout {
        record Image(String manifest, long manifestSize, long configSize) {}

        static Image write(Path dir, String tag, List<byte[]> layers) throws IOException {
            Files.createDirectories(dir.resolve("blobs/sha256"));
            Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
            StringBuilder descriptors = new StringBuilder();
            for (byte[] layer : layers) {
                descriptors
                        .append(descriptors.isEmpty() ? "" : ",")
                        .append("{\"mediaType\":\"" + LAYER + "\",\"digest\":\"")
                        .append(blob(dir, layer))
                        .append("\",\"size\":")
                        .append(layer.length)
                        .append('}');
            }
            byte[] config = ("{\"created\":\"" + BUILT + "\",\"architecture\":\"amd64\",\"os\":\"linux\","
                            + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]},\"config\":{\"Labels\":{\"tag\":\""
                            + tag + "\"}}}")
                    .getBytes(StandardCharsets.UTF_8);
            byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\","
                            + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                            + blob(dir, config) + "\",\"size\":" + config.length + "},\"layers\":[" + descriptors
                            + "]}")
                    .getBytes(StandardCharsets.UTF_8);
            String digest = blob(dir, manifest);
            Path index = dir.resolve("index.json");
            JsonNode existing = Files.exists(index) ? JSON.readTree(index.toFile()) : null;
            StringBuilder entries = new StringBuilder();
            if (existing != null) {
                existing.path("manifests")
                        .forEach(entry -> entries.append(entry).append(','));
            }
            entries.append("{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\"" + digest + "\",\"size\":"
                    + manifest.length + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + tag + "\"}}");
            Files.writeString(index, "{\"schemaVersion\":2,\"manifests\":[" + entries + "]}");
            return new Image(digest, manifest.length, config.length);
        }

        private static String blob(Path dir, byte[] content) throws IOException {
            String digest = OciPush.digest(content);
            Files.write(dir.resolve("blobs/sha256/" + digest.substring(7)), content);
            return digest;
        }
    }
}
