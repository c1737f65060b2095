package io.enseada.registry.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.testing.HttpSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Numbers at and past their type's range in the distribution API: a 4xx in the OCI format, or the full answer. */
class OciMalformedInputsTest {
    private static final String NAME = "containers/edge";

    @TempDir
    static Path dataDir;

    static TestRegistry registry;
    static HttpSession admin;

    @BeforeAll
    static void start() {
        registry = TestRegistry.start(dataDir, Map.of());
        admin = new HttpSession(registry.url()).basic("admin", TestRegistry.ADMIN_PASSWORD);
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
        String manifest =
                "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{"
                        + "\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                        + OciPush.blob(admin, NAME, config)
                        + "\",\"size\":" + config.length + "},\"layers\":[]}";
        for (String tag : List.of("1.0", "2.0", "latest")) {
            OciPush.manifest(
                    admin,
                    NAME,
                    tag,
                    "application/vnd.oci.image.manifest.v1+json",
                    manifest.getBytes(StandardCharsets.UTF_8));
        }
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void theLargestPageSizeListsEverythingInOnePage() {
        HttpSession.Response tags = admin.get("/v2/" + NAME + "/tags/list?n=2147483647");
        assertThat(tags.status()).as(tags.toString()).isEqualTo(200);
        List<String> listed = new ArrayList<>();
        tags.json().path("tags").forEach(tag -> listed.add(tag.asText()));
        assertThat(listed).containsExactly("1.0", "2.0", "latest");
        assertThat(tags.header("Link")).isNull();

        HttpSession.Response catalog = admin.get("/v2/_catalog?n=2147483647");
        assertThat(catalog.status()).as(catalog.toString()).isEqualTo(200);
        assertThat(catalog.json().path("repositories").toString()).isEqualTo("[\"" + NAME + "\"]");
        assertThat(catalog.header("Link")).isNull();

        HttpSession.Response tooLarge = admin.get("/v2/" + NAME + "/tags/list?n=2147483648");
        assertThat(tooLarge.status()).isEqualTo(400);
        assertThat(tooLarge.errorCode()).isEqualTo("UNSUPPORTED");
    }

    @Test
    void aContentRangeOfTwentyDigitsIsARangeErrorAndLeavesTheSessionAsItWas() {
        String session =
                admin.request("POST", "/v2/" + NAME + "/blobs/uploads/").send().header("Location");
        for (String range : List.of("0-99999999999999999999", "99999999999999999999-99999999999999999999")) {
            HttpSession.Response chunk = admin.request("PATCH", session)
                    .header("Content-Type", "application/octet-stream")
                    .header("Content-Range", range)
                    .body(new byte[] {1, 2, 3})
                    .send();
            assertThat(chunk.status()).as(chunk.toString()).isEqualTo(416);
            assertThat(chunk.errorCode()).isEqualTo("BLOB_UPLOAD_INVALID");
            assertThat(chunk.json().at("/errors/0/message").asText()).contains(range);
        }
        HttpSession.Response status = admin.get(session);
        assertThat(status.status()).isEqualTo(204);
        assertThat(status.header("Range")).isEqualTo("0-0");
    }
}
