package io.enseada.registry.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.testing.HttpSession;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mount without {@code from} (the spec's automatic content discovery): the registry looks for the
 * blob in every name that holds it and mounts it from one the caller may read; otherwise the
 * client uploads it. The index of holders follows pushes, mounts and deletes.
 */
class OciAutomaticMountTest {
    @TempDir
    static Path dataDir;

    static TestRegistry registry;
    static HttpSession admin;
    static HttpSession bob;

    @BeforeAll
    static void start() {
        registry = TestRegistry.start(dataDir, Map.of());
        HttpSession api = registry.admin();
        assertThat(api.post("/api/v1/repositories", Map.of("name", "secret", "format", "oci"))
                        .status())
                .isEqualTo(201);
        registry.user("bob", "bob-password-123", List.of("containers"), "read", "write");
        admin = new HttpSession(registry.url()).basic("admin", TestRegistry.ADMIN_PASSWORD);
        bob = new HttpSession(registry.url()).basic("bob", "bob-password-123");
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void aBlobHeldByAReadableNameIsMountedWithoutNamingIt() {
        byte[] content = OciApiTest.random(2000, 401);
        String digest = OciPush.blob(admin, "containers/holder", content);

        HttpSession.Response mounted = bob.request("POST", "/v2/containers/newcomer/blobs/uploads/?mount=" + digest)
                .send();

        assertThat(mounted.status()).as(mounted.toString()).isEqualTo(201);
        assertThat(mounted.header("Location")).isEqualTo("/v2/containers/newcomer/blobs/" + digest);
        assertThat(mounted.header("Docker-Content-Digest")).isEqualTo(digest);
        assertThat(bob.get("/v2/containers/newcomer/blobs/" + digest).bytes()).isEqualTo(content);
        // the mounted name holds it now too, and is found the same way
        assertThat(registry.documents().get("oci:holder:" + digest + "@containers/newcomer"))
                .isPresent();
    }

    @Test
    void aBlobHeldOnlyWhereTheCallerMayNotReadIsUploadedInstead() {
        byte[] content = OciApiTest.random(2000, 402);
        String digest = OciPush.blob(admin, "secret/hidden", content);

        HttpSession.Response refused = bob.request("POST", "/v2/containers/curious/blobs/uploads/?mount=" + digest)
                .send();

        assertThat(refused.status()).isEqualTo(202);
        assertThat(bob.head("/v2/containers/curious/blobs/" + digest).status()).isEqualTo(404);
        // the session it got takes the bytes the normal way
        HttpSession.Response uploaded = bob.request("PUT", refused.header("Location") + "?digest=" + digest)
                .body(content)
                .send();
        assertThat(uploaded.status()).isEqualTo(201);
        assertThat(bob.get("/v2/containers/curious/blobs/" + digest).bytes()).isEqualTo(content);
    }

    @Test
    void aBlobDeletedFromItsOnlyHolderIsNoLongerFound() {
        String digest = OciPush.blob(admin, "containers/only", OciApiTest.random(2000, 403));
        assertThat(registry.documents().get("oci:holder:" + digest + "@containers/only"))
                .isPresent();

        assertThat(admin.delete("/v2/containers/only/blobs/" + digest).status()).isEqualTo(202);

        assertThat(registry.documents().get("oci:holder:" + digest + "@containers/only"))
                .isEmpty();
        assertThat(bob.request("POST", "/v2/containers/late/blobs/uploads/?mount=" + digest)
                        .send()
                        .status())
                .isEqualTo(202);
    }

    @Test
    void anUnknownDigestOpensASessionAndAMalformedOneIsRefused() {
        HttpSession.Response unknown = bob.request(
                        "POST", "/v2/containers/any/blobs/uploads/?mount=" + OciPush.digest(new byte[] {7, 7}))
                .send();
        assertThat(unknown.status()).isEqualTo(202);
        HttpSession.Response malformed = bob.request("POST", "/v2/containers/any/blobs/uploads/?mount=sha256:nothex")
                .send();
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.errorCode()).isEqualTo("DIGEST_INVALID");
    }
}
