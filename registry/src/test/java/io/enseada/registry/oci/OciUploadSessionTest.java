package io.enseada.registry.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.testing.HttpSession;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upload session belongs to the name it was opened in and to the principal who opened it. For
 * anyone else, and in any other name, it does not exist (404 {@code BLOB_UPLOAD_UNKNOWN}), and
 * nothing they send changes it.
 */
class OciUploadSessionTest {
    @TempDir
    static Path dataDir;

    static TestRegistry registry;
    static HttpSession alice;
    static HttpSession mallory;

    @BeforeAll
    static void start() {
        registry = TestRegistry.start(dataDir, Map.of());
        assertThat(registry.admin()
                        .post("/api/v1/repositories", Map.of("name", "team-b", "format", "oci"))
                        .status())
                .isEqualTo(201);
        registry.user("alice", "alice-password-1", List.of("team-b"), "read", "write", "delete");
        // mallory may write team-b too, and all of containers: enough to reach the session's URL under any name
        registry.user("mallory", "mallory-password-1", List.of("containers", "team-b"), "read", "write", "delete");
        alice = new HttpSession(registry.url()).basic("alice", "alice-password-1");
        mallory = new HttpSession(registry.url()).basic("mallory", "mallory-password-1");
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void anotherPrincipalOrAnotherNameFindsNoSessionAndChangesNothing() {
        byte[] content = OciApiTest.random(3000, 501);
        String digest = OciPush.digest(content);
        String location =
                alice.request("POST", "/v2/team-b/app/blobs/uploads/").send().header("Location");
        HttpSession.Response first = alice.request("PATCH", location)
                .header("Content-Range", "0-999")
                .body(Arrays.copyOfRange(content, 0, 1000))
                .send();
        assertThat(first.status()).isEqualTo(202);
        String id = location.substring(location.lastIndexOf('/') + 1);

        // another principal, in the session's name and in one of its own; its creator, in another name
        Map<HttpSession, List<String>> attempts = Map.of(
                mallory, List.of(location, "/v2/containers/app/blobs/uploads/" + id),
                alice, List.of("/v2/team-b/other/blobs/uploads/" + id));
        attempts.forEach((caller, paths) -> paths.forEach(path -> {
            assertUnknown(caller.get(path));
            assertUnknown(caller.request("PATCH", path)
                    .header("Content-Range", "1000-1001")
                    .body(new byte[] {1, 2})
                    .send());
            assertUnknown(caller.request("PUT", path + "?digest=" + OciPush.digest(new byte[] {9}))
                    .body(new byte[] {9})
                    .send());
            assertUnknown(caller.request("PUT", path + "?digest=" + digest).send());
            assertUnknown(caller.delete(path));
        }));

        HttpSession.Response status = alice.get(location);
        assertThat(status.status()).isEqualTo(204);
        assertThat(status.header("Range")).isEqualTo("0-999");
        HttpSession.Response done = alice.request("PUT", location + "?digest=" + digest)
                .header("Content-Range", "1000-2999")
                .body(Arrays.copyOfRange(content, 1000, content.length))
                .send();
        assertThat(done.status()).as(done.toString()).isEqualTo(201);
        assertThat(alice.get("/v2/team-b/app/blobs/" + digest).bytes()).isEqualTo(content);
        assertThat(mallory.head("/v2/containers/app/blobs/" + digest).status()).isEqualTo(404);
    }

    @Test
    void theCreatorContinuesItsSessionWithABearerTokenAsWithBasicCredentials() {
        String location = alice.request("POST", "/v2/team-b/tokened/blobs/uploads/")
                .send()
                .header("Location");
        String token = alice.get("/auth/token?service=x&scope=repository:team-b/tokened:pull,push")
                .json()
                .path("token")
                .asText();

        HttpSession.Response status = new HttpSession(registry.url())
                .bearer(token)
                .request("GET", location)
                .send();

        assertThat(status.status()).isEqualTo(204);
        assertThat(status.header("Range")).isEqualTo("0-0");
    }

    private static void assertUnknown(HttpSession.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(404);
        assertThat(response.errorCode()).isEqualTo("BLOB_UPLOAD_UNKNOWN");
    }
}
