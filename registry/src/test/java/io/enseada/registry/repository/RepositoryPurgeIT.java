package io.enseada.registry.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.metadata.MvStoreDocumentStore;
import io.enseada.registry.npm.TestPackages;
import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.json.Json;
import io.enseada.shared.model.DocumentIds;
import io.enseada.shared.model.RepositoryDeletion;
import io.enseada.shared.store.Document;
import io.enseada.shared.store.DocumentStore;
import io.enseada.shared.testing.HttpSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deletion request written into the repository document, as the operator writes it for a
 * Repository with {@code deletionPolicy: Delete}, empties the repository of every format and then
 * removes it; a repository whose name starts the same is left alone.
 */
class RepositoryPurgeIT {
    private static final ObjectMapper JSON = Json.newMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final List<String> PURGED = List.of("images", "libs", "js");
    private static final List<String> KEPT = List.of("images-kept", "libs-kept", "js-kept");

    @TempDir
    Path dir;

    private TestRegistry registry;
    private HttpSession admin;

    @BeforeEach
    void start() throws Exception {
        registry = TestRegistry.start(dir, Map.of());
        admin = registry.admin();
        for (String suffix : List.of("", "-kept")) {
            create("images" + suffix, "oci");
            create("libs" + suffix, "maven");
            create("js" + suffix, "npm");
            pushImage("images" + suffix);
            assertThat(admin.raw(
                                    "PUT",
                                    "/maven/libs" + suffix + "/org/acme/lib/1.0/lib-1.0.jar",
                                    Map.of(),
                                    bytes("jar"))
                            .status())
                    .isEqualTo(201);
            assertThat(admin.put("/npm/js" + suffix + "/fixture", TestPackages.publishBody("fixture", "1.0.0"))
                            .status())
                    .isIn(200, 201);
        }
        for (String name : Stream.concat(PURGED.stream(), KEPT.stream()).toList()) {
            assertThat(content(registry.documents(), name)).as(name).isNotEmpty();
        }
        assertThat(blobHolders(registry.documents(), "images")).isNotEmpty();
    }

    @AfterEach
    void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void aRequestedDeletionRemovesTheContentThenTheRepository() {
        PURGED.forEach(name -> requestDeletion(registry.documents(), name));

        await("the purged repositories' documents are gone")
                .atMost(WAIT)
                .until(() -> PURGED.stream()
                        .allMatch(name -> registry.documents()
                                .get(DocumentIds.repository(name))
                                .isEmpty()));
        for (String name : PURGED) {
            assertThat(content(registry.documents(), name)).as(name).isEmpty();
        }
        // the index of which names hold a blob lies outside the repository's prefixes, and goes too
        assertThat(blobHolders(registry.documents(), "images")).isEmpty();
        assertThat(blobHolders(registry.documents(), "images-kept")).isNotEmpty();
        assertKeptIntact();
        assertThat(admin.get("/api/v1/repositories").json().path("items").findValuesAsText("name"))
                .containsAll(KEPT)
                .doesNotContainAnyElementsOf(PURGED);
        assertThat(admin.raw("GET", "/v2/images/app/manifests/1", Map.of(), null)
                        .status())
                .isEqualTo(404);
        assertThat(admin.raw("GET", "/maven/libs/org/acme/lib/1.0/lib-1.0.jar", Map.of(), null)
                        .status())
                .isEqualTo(404);
        assertThat(admin.get("/npm/js/fixture").status()).isEqualTo(404);
        // the same name can be created again, empty
        create("js", "npm");
        assertThat(admin.get("/npm/js/fixture").status()).isEqualTo(404);
    }

    @Test
    void aDeletionRequestedWhileNoReplicaRanIsCarriedOutAtStart() {
        registry.close();
        registry = null;
        try (DocumentStore store = MvStoreDocumentStore.open(dir.resolve("metadata.mv.db"), JSON)) {
            PURGED.forEach(name -> requestDeletion(store, name));
            // the purge has not run (the registry is down): the request is still there, content too
            assertThat(content(store, "libs")).isNotEmpty();
        }
        registry = TestRegistry.start(dir, Map.of());
        admin = registry.admin();
        assertThat(admin.raw("PUT", "/maven/libs/org/acme/lib/2.0/lib-2.0.jar", Map.of(), bytes("jar"))
                        .status())
                .isEqualTo(404);
        assertThat(admin.put("/npm/js/other", TestPackages.publishBody("other", "1.0.0"))
                        .status())
                .isEqualTo(404);
        assertThat(admin.raw("POST", "/v2/images/app/blobs/uploads/", Map.of(), null)
                        .status())
                .isEqualTo(404);
        assertThat(admin.get("/api/v1/repositories/js").status()).isEqualTo(404);

        await("the repositories and their content are gone")
                .atMost(WAIT)
                .until(() -> PURGED.stream()
                        .allMatch(name -> registry.documents()
                                        .get(DocumentIds.repository(name))
                                        .isEmpty()
                                && content(registry.documents(), name).isEmpty()));
        assertKeptIntact();
    }

    private void assertKeptIntact() {
        for (String name : KEPT) {
            assertThat(registry.documents().get(DocumentIds.repository(name)))
                    .as(name)
                    .isPresent();
            assertThat(content(registry.documents(), name)).as(name).isNotEmpty();
        }
        assertThat(admin.raw(
                                "GET",
                                "/v2/images-kept/app/manifests/1",
                                Map.of("Accept", "application/vnd.oci.image.manifest.v1+json"),
                                null)
                        .status())
                .isEqualTo(200);
        assertThat(admin.raw("GET", "/maven/libs-kept/org/acme/lib/1.0/lib-1.0.jar", Map.of(), null)
                        .status())
                .isEqualTo(200);
        assertThat(admin.get("/npm/js-kept/fixture").status()).isEqualTo(200);
    }

    /** What the operator does: adds the request to the repository document, keeping the rest. */
    private static void requestDeletion(DocumentStore store, String name) {
        RepositoryDeletion request = new RepositoryDeletion("Repository/test/" + name, Instant.now());
        store.update(DocumentIds.repository(name), request::addTo);
    }

    /** Every document of the repository's content, of every format (spelled out here, not taken from the code under test). */
    private static List<String> content(DocumentStore store, String name) {
        return Stream.concat(
                        Stream.of(
                                        "oci:name:",
                                        "oci:blob:",
                                        "oci:manifest:",
                                        "oci:tag:",
                                        "oci:referrer:",
                                        "maven-file:",
                                        "maven-metadata:")
                                .map(kind -> kind + name + "/"),
                        Stream.of("npm:" + name + ":"))
                .flatMap(prefix -> store.list(prefix, null, 1000).documents().stream())
                .map(Document::id)
                .toList();
    }

    /** The blob-holder entries ({@code oci:holder:<digest>@<name>}) naming an image of {@code repository}. */
    private static List<String> blobHolders(DocumentStore store, String repository) {
        return store.list("oci:holder:", null, 1000).documents().stream()
                .map(Document::id)
                .filter(id -> id.substring(id.lastIndexOf('@') + 1).startsWith(repository + "/"))
                .toList();
    }

    private void create(String name, String format) {
        ObjectNode body = JSON.createObjectNode().put("name", name).put("format", format);
        if (format.equals("maven")) {
            body.putObject("maven").put("versionPolicy", "mixed");
        }
        HttpSession.Response created = admin.post("/api/v1/repositories", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }

    private void pushImage(String repository) throws Exception {
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                .getBytes(StandardCharsets.UTF_8);
        String configDigest = "sha256:"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(config));
        assertThat(admin.raw(
                                "POST",
                                "/v2/" + repository + "/app/blobs/uploads/?digest=" + configDigest,
                                Map.of("Content-Type", "application/octet-stream"),
                                config)
                        .status())
                .isEqualTo(201);
        ObjectNode manifest = JSON.createObjectNode()
                .put("schemaVersion", 2)
                .put("mediaType", "application/vnd.oci.image.manifest.v1+json");
        manifest.putObject("config")
                .put("mediaType", "application/vnd.oci.image.config.v1+json")
                .put("digest", configDigest)
                .put("size", config.length);
        manifest.putArray("layers");
        HttpSession.Response pushed = admin.raw(
                "PUT",
                "/v2/" + repository + "/app/manifests/1",
                Map.of("Content-Type", "application/vnd.oci.image.manifest.v1+json"),
                JSON.writeValueAsBytes(manifest));
        assertThat(pushed.status()).as(pushed.toString()).isEqualTo(201);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
