package io.enseada.registry.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.testing.HttpSession;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A caller limited by a policy to some image paths reaches nothing outside them by another door:
 * not by mounting a blob from an image it may not pull, and not by reading the catalog.
 */
class OciPathRulesTest {
    @TempDir
    static Path dir;

    static TestRegistry registry;
    static HttpSession admin;
    static HttpSession dev;
    static OciPush.Pushed secret;
    static OciPush.Pushed own;

    @BeforeAll
    static void start() throws Exception {
        Path config = dir.resolve("enseada.yaml");
        Files.writeString(config, """
                repositories:
                  - {name: containers, format: oci}
                users:
                  - {name: dev, password: dev-password-1}
                policies:
                  - name: dev-apps
                    subjects: [user:dev]
                    rules:
                      - {repositories: [containers], paths: ["apps/**"], actions: [read, write]}
                """);
        registry = TestRegistry.start(dir.resolve("data"), Map.of("ENSEADA_CONFIG", config.toString()));
        admin = new HttpSession(registry.url()).basic("admin", TestRegistry.ADMIN_PASSWORD);
        dev = new HttpSession(registry.url()).basic("dev", "dev-password-1");
        secret = OciPush.image(admin, "containers/secret/base", "1", 301);
        own = OciPush.image(admin, "containers/apps/base", "1", 302);
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void aBlobOfAnImageOutsideThePathRulesCannotBeMountedAndThenRead() {
        assertThat(dev.get("/v2/containers/secret/base/blobs/" + secret.layer()).status())
                .isEqualTo(403);

        HttpSession.Response mount = dev.request(
                        "POST",
                        "/v2/containers/apps/stolen/blobs/uploads/?mount=" + secret.layer()
                                + "&from=containers/secret/base")
                .send();

        assertThat(mount.status()).as(mount.toString()).isEqualTo(202);
        assertThat(mount.header("Location")).startsWith("/v2/containers/apps/stolen/blobs/uploads/");
        HttpSession.Response read = dev.get("/v2/containers/apps/stolen/blobs/" + secret.layer());
        assertThat(read.status()).isEqualTo(404);
        assertThat(read.errorCode()).isEqualTo("BLOB_UNKNOWN");
    }

    @Test
    void aMountWithoutASourceDiscoversOnlyImagesInsideThePathRules() {
        HttpSession.Response hidden = dev.request(
                        "POST", "/v2/containers/apps/discover/blobs/uploads/?mount=" + secret.layer())
                .send();
        assertThat(hidden.status()).isEqualTo(202);
        assertThat(dev.head("/v2/containers/apps/discover/blobs/" + secret.layer())
                        .status())
                .isEqualTo(404);

        HttpSession.Response found = dev.request(
                        "POST", "/v2/containers/apps/discover/blobs/uploads/?mount=" + own.layer())
                .send();
        assertThat(found.status()).isEqualTo(201);
        assertThat(found.header("Location")).isEqualTo("/v2/containers/apps/discover/blobs/" + own.layer());
        assertThat(found.header("Docker-Content-Digest")).isEqualTo(own.layer());
    }

    @Test
    void aMountFromAnImageInsideThePathRulesWorks() {
        HttpSession.Response mount = dev.request(
                        "POST",
                        "/v2/containers/apps/copy/blobs/uploads/?mount=" + own.layer() + "&from=containers/apps/base")
                .send();
        assertThat(mount.status()).isEqualTo(201);
        assertThat(dev.get("/v2/containers/apps/copy/blobs/" + own.layer()).status())
                .isEqualTo(200);
    }

    @Test
    void theCatalogListsOnlyNamesInsideThePathRulesWithBasicCredentialsAndWithATokenAlike() {
        assertThat(names(admin.get("/v2/_catalog"))).contains("containers/secret/base", "containers/apps/base");

        assertThat(names(dev.get("/v2/_catalog")))
                .contains("containers/apps/base")
                .noneMatch(name -> !name.startsWith("containers/apps/"));
        String token = dev.get("/auth/token?service=x&scope="
                        + URLEncoder.encode("registry:catalog:*", StandardCharsets.UTF_8))
                .json()
                .path("token")
                .asText();
        HttpSession.Response withToken = new HttpSession(registry.url())
                .bearer(token)
                .request("GET", "/v2/_catalog")
                .send();
        assertThat(names(withToken))
                .contains("containers/apps/base")
                .noneMatch(name -> !name.startsWith("containers/apps/"));
    }

    private static List<String> names(HttpSession.Response catalog) {
        assertThat(catalog.status()).as(catalog.toString()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        catalog.json().path("repositories").forEach(name -> names.add(name.asText()));
        return names;
    }
}
