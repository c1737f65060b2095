package io.enseada.registry.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.enseada.registry.testing.Cli;
import io.enseada.registry.testing.RegistryPerClass;
import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.testing.HttpSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * podman, daemonless, with its default settings against the registry on plain HTTP: it pushes an
 * image of real size (fifteen layers, two of them 50 MiB) that it loaded from an OCI layout, a
 * reader pulls it back into an empty store through the token flow, and the image is promoted under
 * another name. Digests are compared end to end: what was built, what podman pushed, what the
 * registry serves and what podman holds after the pull.
 */
class OciPodmanIT {
    private static final String CREDS = "admin:" + TestRegistry.ADMIN_PASSWORD;

    @RegisterExtension
    static final RegistryPerClass REGISTRY = new RegistryPerClass();

    @TempDir
    static Path work;

    @BeforeAll
    static void createReader() {
        REGISTRY.registry().user("podman-reader", "reader-password", List.of("containers"), "read");
    }

    @Test
    void podmanPushesAnImageOfRealSizePullsItBackAndPromotesTheImageAsBuilt() throws Exception {
        RealisticImage image = RealisticImage.get();
        String local = "127.0.0.1:" + REGISTRY.registry().port();
        HttpSession admin = new HttpSession(REGISTRY.registry().url()).basic("admin", TestRegistry.ADMIN_PASSWORD);

        // podman keeps layers uncompressed in its store and gzips them again on push (its default), so nothing it
        // pushes is in the registry yet: every blob, the 50 MiB random layer too, goes up through an upload session.
        String pushed = local + "/containers/podman/app:1.0";
        Podman builder = Podman.in(work.resolve("builder"));
        builder.succeed("pull", image.ociReference());
        builder.succeed("tag", image.configDigest().substring(7), pushed);
        Path pushedDigest = work.resolve("pushed.digest");
        ClientLog push = log(builder.succeed(
                "--log-level=debug",
                "push",
                "--tls-verify=false",
                "--creds",
                CREDS,
                "--digestfile",
                pushedDigest.toString(),
                pushed));
        String digest = Files.readString(pushedDigest).trim();
        ServedImage app = new ServedImage(admin, "containers/podman/app");
        JsonNode manifest = app.manifest("1.0", digest);
        assertThat(ServedImage.blobs(manifest)).allMatch(blob -> push.uploadedInSession("containers/podman/app", blob));
        assertThat(manifest.at("/config/digest").asText()).isEqualTo(image.configDigest());
        assertThat(manifest.path("layers"))
                .allMatch(layer -> layer.path("mediaType").asText().equals(RealisticImage.GZIP_LAYER))
                .anyMatch(layer -> layer.path("size").asLong() > RealisticImage.BIG);
        assertThat(app.servedDiffIds(manifest))
                .as("the uncompressed layers the registry serves")
                .isEqualTo(image.diffIds());

        // A reader pulls it into an empty store: podman meets the Bearer challenge and asks for a pull token.
        Podman reader = Podman.in(work.resolve("reader"));
        ClientLog pull = log(reader.succeed(
                "--log-level=debug", "pull", "--tls-verify=false", "--creds", "podman-reader:reader-password", pushed));
        assertThat(pull.askedForToken("podman-reader", "containers/podman/app", "pull"))
                .isTrue();
        JsonNode pulled = reader.inspect(pushed);
        assertThat(pulled.path("Digest").asText()).isEqualTo(digest);
        assertThat(pulled.path("Id").asText()).isEqualTo(image.configDigest().substring(7));
        assertThat(Podman.diffIds(pulled)).isEqualTo(image.diffIds());

        // The image as built (pushed with --preserve-digests, so its 50 MiB uncompressed tar layer stays as it is)
        // reaches podman byte for byte, and is promoted under another name: podman mounts the gzip layers from the
        // repository it pulled from and the gzipped tar layer from the first image, where it pushed the same bytes.
        String asBuilt = local + "/containers/podman/built:1.0";
        Cli.of(
                        "skopeo",
                        "copy",
                        "--preserve-digests",
                        "--dest-creds",
                        CREDS,
                        "--dest-tls-verify=false",
                        image.ociReference(),
                        "docker://" + asBuilt)
                .succeed();
        Podman promoter = Podman.in(work.resolve("promoter"));
        promoter.succeed("pull", "--tls-verify=false", "--creds", "podman-reader:reader-password", asBuilt);
        JsonNode original = promoter.inspect(asBuilt);
        assertThat(original.path("Digest").asText()).isEqualTo(image.manifestDigest());
        assertThat(Podman.diffIds(original)).isEqualTo(image.diffIds());
        String promoted = local + "/containers/podman/promoted:2.0";
        promoter.succeed("tag", asBuilt, promoted);
        Path promotedDigest = work.resolve("promoted.digest");
        ClientLog promote = log(promoter.succeed(
                "--log-level=debug",
                "push",
                "--tls-verify=false",
                "--creds",
                CREDS,
                "--digestfile",
                promotedDigest.toString(),
                promoted));
        ServedImage promotedImage = new ServedImage(admin, "containers/podman/promoted");
        JsonNode promotedManifest =
                promotedImage.manifest("2.0", Files.readString(promotedDigest).trim());
        assertThat(promotedManifest.path("layers"))
                .allMatch(layer -> promote.mounted(
                                "containers/podman/promoted",
                                "containers/podman/built",
                                layer.path("digest").asText())
                        || promote.mounted(
                                "containers/podman/promoted",
                                "containers/podman/app",
                                layer.path("digest").asText()));
        assertThat(promotedImage.servedDiffIds(promotedManifest)).isEqualTo(image.diffIds());
    }

    private ClientLog log(Cli.Result result) {
        return new ClientLog(
                result.output(), "http://127.0.0.1:" + REGISTRY.registry().port());
    }
}
