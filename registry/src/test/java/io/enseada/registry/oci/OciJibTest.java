package io.enseada.registry.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.testing.HttpSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jib core, a real OCI client library, pushes and pulls through the token flow in this JVM. */
class OciJibTest {
    @TempDir
    static Path work;

    static TestRegistry registry;

    @BeforeAll
    static void start() {
        // The test registry speaks plain HTTP on loopback; Jib sends credentials there only when told to.
        System.setProperty("sendCredentialsOverHttp", "true");
        registry = TestRegistry.start(work.resolve("data"), Map.of());
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void jibPushesImagesInBothFormatsAndBuildsOnAPulledBase() throws Exception {
        Path app = Files.createDirectories(work.resolve("app"));
        Files.writeString(app.resolve("hello.txt"), "hello from jib\n");
        Files.writeString(app.resolve("second.txt"), "a second layer\n");
        String host = "127.0.0.1:" + registry.port();

        JibContainer oci = Jib.fromScratch()
                .setFormat(ImageFormat.OCI)
                .addLayer(List.of(app.resolve("hello.txt")), AbsoluteUnixPath.get("/app"))
                .addLayer(List.of(app.resolve("second.txt")), AbsoluteUnixPath.get("/data"))
                .containerize(containerizer(host + "/containers/jib/base:1.0"));
        HttpSession admin = new HttpSession(registry.url()).basic("admin", TestRegistry.ADMIN_PASSWORD);
        HttpSession.Response pushed = admin.get("/v2/containers/jib/base/manifests/1.0");
        assertThat(pushed.header("Content-Type")).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        assertThat(pushed.header("Docker-Content-Digest"))
                .isEqualTo(oci.getDigest().toString());

        // Pulling the base (manifest and config) and pushing on top of it in Docker format; layers are mounted.
        JibContainer docker = Jib.from(base(host + "/containers/jib/base:1.0"))
                .setFormat(ImageFormat.Docker)
                .addLayer(List.of(app.resolve("hello.txt")), AbsoluteUnixPath.get("/more"))
                .containerize(containerizer(host + "/containers/jib/app:2.0"));
        HttpSession.Response built = admin.get("/v2/containers/jib/app/manifests/2.0");
        assertThat(built.header("Content-Type")).isEqualTo("application/vnd.docker.distribution.manifest.v2+json");
        assertThat(built.header("Docker-Content-Digest"))
                .isEqualTo(docker.getDigest().toString());
        assertThat(built.json().path("layers")).hasSize(3);
        for (var layer : built.json().path("layers")) {
            assertThat(admin.head("/v2/containers/jib/app/blobs/"
                                    + layer.path("digest").asText())
                            .status())
                    .isEqualTo(200);
        }
    }

    private static RegistryImage base(String reference) throws Exception {
        return RegistryImage.named(reference).addCredential("admin", TestRegistry.ADMIN_PASSWORD);
    }

    private static Containerizer containerizer(String reference) throws Exception {
        return Containerizer.to(base(reference))
                .setAllowInsecureRegistries(true)
                .setOfflineMode(false);
    }
}
