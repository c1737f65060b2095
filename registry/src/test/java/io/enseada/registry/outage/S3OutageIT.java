package io.enseada.registry.outage;

import static io.enseada.registry.outage.CouchDbOutageIT.assertNpmUnavailable;
import static io.enseada.registry.outage.CouchDbOutageIT.assertOciUnavailable;
import static io.enseada.registry.outage.CouchDbOutageIT.assertUnavailable;
import static io.enseada.registry.outage.SampleContent.IMAGE;
import static io.enseada.registry.outage.SampleContent.MANIFEST_TYPE;
import static org.assertj.core.api.Assertions.assertThat;

import io.enseada.registry.npm.TestPackages;
import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.json.Json;
import io.enseada.shared.testing.HttpSession;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * S3 goes away (S3Proxy stopped, its objects kept) under a registry on S3 and CouchDB: reading or
 * writing bytes answers 503 in each protocol's format with {@code Retry-After}, never a 500 or a
 * body of the wrong length; manifests, which live in memory and metadata, keep being served and
 * pushed; when S3 is back, so are the bytes.
 */
class S3OutageIT extends OnPushedRegistry {
    private static final String STORAGE = "the blob storage";

    @BeforeEach
    void pullBeforeTheOutage() throws Exception {
        SampleContent.expect(
                wire.raw("GET", "/v2/" + IMAGE + "/manifests/1.0", Map.of("Accept", MANIFEST_TYPE), null), 200);
    }

    @Test
    void readingOrWritingBytesAnswers503InEachProtocolsFormatUntilS3IsBack() throws Exception {
        backends.stopS3();

        assertOciUnavailable(wire.get("/v2/" + IMAGE + "/blobs/" + content.layerDigest()), STORAGE);
        assertOciUnavailable(wire.raw("POST", "/v2/" + IMAGE + "/blobs/uploads/", Map.of(), null), STORAGE);
        byte[] newLayer = "a layer pushed during the outage".getBytes(StandardCharsets.UTF_8);
        assertOciUnavailable(
                wire.raw(
                        "POST",
                        "/v2/" + IMAGE + "/blobs/uploads/?digest=" + SampleContent.digest(newLayer),
                        Map.of(),
                        newLayer),
                STORAGE);

        assertNpmUnavailable(wire.get(SampleContent.TARBALL_PATH), STORAGE);
        byte[] publish = Json.newMapper().writeValueAsBytes(TestPackages.publishBody(SampleContent.PACKAGE, "2.0.0"));
        assertNpmUnavailable(
                wire.raw(
                        "PUT",
                        "/npm/npm/" + SampleContent.PACKAGE,
                        Map.of("Content-Type", "application/json"),
                        publish),
                STORAGE);

        HttpSession.Response jar = wire.get(SampleContent.JAR_PATH);
        assertUnavailable(jar, "text/plain");
        assertThat(jar.text()).isEqualTo(STORAGE + " is unavailable; retry in a few seconds\n");
        assertThat(jar.headers().map().keySet())
                .as("the file's own headers do not describe the error")
                .noneMatch(name -> name.toLowerCase().startsWith("x-checksum")
                        || name.equalsIgnoreCase("etag")
                        || name.equalsIgnoreCase("last-modified"));
        HttpSession.Response deploy =
                wire.raw("PUT", "/maven/maven-releases/com/acme/outage/2.0/outage-2.0.jar", Map.of(), content.jar());
        assertUnavailable(deploy, "text/plain");

        backends.startS3();
        assertThat(SampleContent.expect(wire.get("/v2/" + IMAGE + "/blobs/" + content.layerDigest()), 200)
                        .bytes())
                .isEqualTo(content.layer());
        assertThat(SampleContent.expect(wire.get(SampleContent.TARBALL_PATH), 200)
                        .bytes())
                .isEqualTo(content.tarball());
        SampleContent.expect(
                wire.raw(
                        "PUT",
                        "/npm/npm/" + SampleContent.PACKAGE,
                        Map.of("Content-Type", "application/json"),
                        publish),
                201);
    }

    @Test
    void manifestsAreServedAndAManifestOfStoredBlobsIsPushedWithoutS3() throws Exception {
        // A second replica, started while S3 was up, that has read no manifest yet.
        try (TestRegistry replica = backends.replica(dir.resolve("replica"))) {
            backends.stopS3();

            Map<String, String> accept = Map.of("Accept", MANIFEST_TYPE);
            assertThat(SampleContent.expect(wire.raw("GET", "/v2/" + IMAGE + "/manifests/1.0", accept, null), 200)
                            .bytes())
                    .isEqualTo(content.manifest());
            // A promotion: the same image under a new tag, and a new manifest over the stored layer (as a rebuild with
            // a new annotation).
            SampleContent.expect(
                    wire.raw(
                            "PUT",
                            "/v2/" + IMAGE + "/manifests/1.0-stable",
                            Map.of("Content-Type", MANIFEST_TYPE),
                            content.manifest()),
                    201);
            byte[] annotated = new String(content.manifest(), StandardCharsets.UTF_8)
                    .replace("}]}", "}],\"annotations\":{\"org.opencontainers.image.version\":\"1.1\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            HttpSession.Response pushed = SampleContent.expect(
                    wire.raw(
                            "PUT", "/v2/" + IMAGE + "/manifests/1.1", Map.of("Content-Type", MANIFEST_TYPE), annotated),
                    201);
            assertThat(pushed.headers().firstValue("Docker-Content-Digest")).hasValue(SampleContent.digest(annotated));
            assertThat(SampleContent.expect(wire.raw("GET", "/v2/" + IMAGE + "/manifests/1.1", accept, null), 200)
                            .bytes())
                    .isEqualTo(annotated);

            // The other replica reads them from the metadata store alone.
            HttpSession other = new HttpSession(replica.url())
                    .basic("admin", TestRegistry.ADMIN_PASSWORD)
                    .overHttp11()
                    .withTimeout(Duration.ofSeconds(60));
            assertThat(SampleContent.expect(other.raw("GET", "/v2/" + IMAGE + "/manifests/1.1", accept, null), 200)
                            .bytes())
                    .isEqualTo(annotated);
            assertThat(SampleContent.expect(
                                    other.raw("GET", "/v2/" + IMAGE + "/manifests/1.0-stable", accept, null), 200)
                            .bytes())
                    .isEqualTo(content.manifest());
        }
    }
}
