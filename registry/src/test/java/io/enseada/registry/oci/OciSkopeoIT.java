package io.enseada.registry.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.registry.testing.Cli;
import io.enseada.registry.testing.RegistryPerClass;
import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.json.Json;
import io.enseada.shared.testing.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code skopeo} CLI copies OCI layouts the test builds into the registry and back out, and the
 * copy matches digest for digest: a multi-arch index of two small images, and an image of real size
 * (fifteen layers, two of them 50 MiB) with skopeo's default settings.
 */
class OciSkopeoIT {
    private static final ObjectMapper JSON = Json.newMapper();

    private static final String CREDS = "admin:" + TestRegistry.ADMIN_PASSWORD;

    @RegisterExtension
    static final RegistryPerClass REGISTRY = new RegistryPerClass();

    @TempDir
    static Path work;

    @Test
    void aMultiArchLayoutCopiedInAndOutComesBackDigestForDigest() throws Exception {
        Path source = work.resolve("source");
        String indexDigest = OciLayouts.multiArch(source, "1.0");
        String target = "docker://127.0.0.1:" + REGISTRY.registry().port() + "/containers/skopeo/app:1.0";

        skopeo(
                "copy",
                "--all",
                "--preserve-digests",
                "--dest-creds",
                CREDS,
                "--dest-tls-verify=false",
                "oci:" + source + ":1.0",
                target);

        HttpSession admin = new HttpSession(REGISTRY.registry().url()).basic("admin", TestRegistry.ADMIN_PASSWORD);
        HttpSession.Response index = admin.get("/v2/containers/skopeo/app/manifests/1.0");
        assertThat(index.status()).isEqualTo(200);
        assertThat(index.header("Docker-Content-Digest")).isEqualTo(indexDigest);
        assertThat(index.header("Content-Type")).isEqualTo("application/vnd.oci.image.index.v1+json");

        String inspected = skopeo("inspect", "--raw", "--creds", CREDS, "--tls-verify=false", target)
                .output();
        assertThat(OciPush.digest(inspected.getBytes(StandardCharsets.UTF_8))).isEqualTo(indexDigest);

        Path copy = work.resolve("copy");
        skopeo(
                "copy",
                "--all",
                "--preserve-digests",
                "--src-creds",
                CREDS,
                "--src-tls-verify=false",
                target,
                "oci:" + copy + ":1.0");

        assertThat(blobs(copy)).isEqualTo(blobs(source));
        JsonNode copiedIndex = JSON.readTree(copy.resolve("index.json").toFile());
        assertThat(copiedIndex.at("/manifests/0/digest").asText()).isEqualTo(indexDigest);
        for (String digest : blobs(source)) {
            Path original = source.resolve("blobs/sha256/" + digest.substring(7));
            assertThat(Files.readAllBytes(copy.resolve("blobs/sha256/" + digest.substring(7))))
                    .isEqualTo(Files.readAllBytes(original));
        }
    }

    @Test
    void aReaderIsRefusedAPushAndAnonymousCallersPullPublicImagesThroughTheTokenFlow() throws Exception {
        REGISTRY.registry().user("skopeo-reader", "reader-password", List.of("containers"), "read");
        assertThat(REGISTRY.registry()
                        .admin()
                        .post(
                                "/api/v1/repositories",
                                Map.of("name", "public-images", "format", "oci", "visibility", "public"))
                        .status())
                .isEqualTo(201);
        Path source = work.resolve("refused");
        OciLayouts.multiArch(source, "2.0");

        Cli.Result refused = run(
                "copy",
                "--all",
                "--dest-creds",
                "skopeo-reader:reader-password",
                "--dest-tls-verify=false",
                "oci:" + source + ":2.0",
                "docker://127.0.0.1:" + REGISTRY.registry().port() + "/containers/skopeo/refused:2.0");
        assertThat(refused.exit()).as(refused.output()).isNotZero();
        assertThat(refused.output().toLowerCase()).containsAnyOf("denied", "unauthorized");
        assertThat(refused.output())
                .as("the registry's reason, as skopeo prints it")
                .contains("write access to containers/skopeo/refused denied");
        assertThat(REGISTRY.registry()
                        .admin()
                        .get("/v2/containers/skopeo/refused/tags/list")
                        .status())
                .isEqualTo(404);

        String published = "docker://127.0.0.1:" + REGISTRY.registry().port() + "/public-images/base:2.0";
        skopeo("copy", "--all", "--dest-creds", CREDS, "--dest-tls-verify=false", "oci:" + source + ":2.0", published);
        // No credentials at all: skopeo meets the Bearer challenge and fetches an anonymous token.
        Cli.Result anonymous = run("inspect", "--raw", "--tls-verify=false", published);
        assertThat(anonymous.exit()).as(anonymous.output()).isZero();
        assertThat(anonymous.output()).contains("application/vnd.oci.image.index.v1+json");
        Cli.Result anonymousPush = run(
                "copy",
                "--all",
                "--dest-tls-verify=false",
                "oci:" + source + ":2.0",
                "docker://127.0.0.1:" + REGISTRY.registry().port() + "/public-images/sneaky:2.0");
        assertThat(anonymousPush.exit()).as(anonymousPush.output()).isNotZero();
    }

    @Test
    void anImageOfRealSizeGoesInAsSkopeoPushesItAndAsBuiltAndComesBackDigestForDigest() throws Exception {
        RealisticImage image = RealisticImage.get();
        REGISTRY.registry().user("skopeo-puller", "puller-password", List.of("containers"), "read");
        HttpSession admin = new HttpSession(REGISTRY.registry().url()).basic("admin", TestRegistry.ADMIN_PASSWORD);

        // Default settings: credentials and plain HTTP only; --debug makes skopeo list every request it sends.
        // skopeo gzips the uncompressed tar layer (its default towards a registry), so the manifest is its own, and
        // uploads every blob through a session: POST, the bytes streamed in one PATCH, then PUT ?digest=.
        Path digestFile = work.resolve("big.digest");
        ClientLog push = log(skopeo(
                "--debug",
                "copy",
                "--dest-creds",
                CREDS,
                "--dest-tls-verify=false",
                "--digestfile",
                digestFile.toString(),
                image.ociReference(),
                "docker://127.0.0.1:" + REGISTRY.registry().port() + "/containers/skopeo/big:1.0"));
        String pushed = Files.readString(digestFile).trim();
        ServedImage big = new ServedImage(admin, "containers/skopeo/big");
        JsonNode manifest = big.manifest("1.0", pushed);
        assertThat(ServedImage.blobs(manifest))
                .allMatch(digest -> push.uploadedInSession("containers/skopeo/big", digest));
        assertThat(manifest.at("/config/digest").asText()).isEqualTo(image.configDigest());
        assertThat(big.servedDiffIds(manifest))
                .as("the uncompressed layers the registry serves")
                .isEqualTo(image.diffIds());

        // Kept as built, the 50 MiB uncompressed tar layer must reach clients sending Accept-Encoding: gzip byte for
        // byte. The gzip layers are in the registry already: skopeo mounts them from the first image.
        String target = "docker://127.0.0.1:" + REGISTRY.registry().port() + "/containers/skopeo/built:1.0";
        ClientLog keep = log(skopeo(
                "--debug",
                "copy",
                "--preserve-digests",
                "--dest-creds",
                CREDS,
                "--dest-tls-verify=false",
                image.ociReference(),
                target));
        assertThat(keep.uploadedInSession(
                        "containers/skopeo/built", image.layers().get(13).digest()))
                .isTrue();
        assertThat(image.layers())
                .filteredOn(layer -> layer.mediaType().equals(RealisticImage.GZIP_LAYER))
                .allMatch(layer -> keep.mounted("containers/skopeo/built", "containers/skopeo/big", layer.digest()));
        ServedImage built = new ServedImage(admin, "containers/skopeo/built");
        built.assertBlobsServed(built.manifest("1.0", image.manifestDigest()));

        // A reader pulls it with the default settings into a dir: folder, which keeps every blob as it arrives
        // (an oci: layout would gzip the tar layer again). skopeo meets the Bearer challenge and asks for a pull token.
        Path copy = work.resolve("built-copy");
        ClientLog pull = log(skopeo(
                "--debug",
                "copy",
                "--src-creds",
                "skopeo-puller:puller-password",
                "--src-tls-verify=false",
                target,
                "dir:" + copy));
        assertThat(pull.askedForToken("skopeo-puller", "containers/skopeo/built", "pull"))
                .isTrue();
        assertThat(OciPush.digest(Files.readAllBytes(copy.resolve("manifest.json"))))
                .isEqualTo(image.manifestDigest());
        for (String digest : image.blobs()) {
            assertThat(OciPush.digest(Files.readAllBytes(copy.resolve(digest.substring(7)))))
                    .as(digest)
                    .isEqualTo(digest);
        }
    }

    private static ClientLog log(Cli.Result result) {
        return new ClientLog(
                result.output(), "http://127.0.0.1:" + REGISTRY.registry().port());
    }

    private static TreeSet<String> blobs(Path layout) throws IOException {
        try (Stream<Path> files = Files.list(layout.resolve("blobs/sha256"))) {
            return files.map(file -> "sha256:" + file.getFileName())
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }

    private static Cli.Result skopeo(String... args) {
        return run(args).assertSucceeded();
    }

    private static Cli.Result run(String... args) {
        List<String> command = new ArrayList<>(List.of("skopeo", "--insecure-policy"));
        command.addAll(List.of(args));
        return Cli.of(command).timeout(Duration.ofMinutes(3)).run();
    }
}
