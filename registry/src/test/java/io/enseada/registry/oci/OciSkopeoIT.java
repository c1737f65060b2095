package io.enseada.registry.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.enseada.registry.testing.TestRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code skopeo} CLI copies an OCI layout the test builds — a multi-arch index of two images
 * with two layers each — into the registry and back out, and the copy matches digest for digest.
 */
class OciSkopeoIT {
    private static final String CREDS = "admin:" + TestRegistry.ADMIN_PASSWORD;

    @TempDir
    static Path work;
    static TestRegistry registry;

    @BeforeAll
    static void start() {
        registry = TestRegistry.start(work.resolve("data"), Map.of());
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void aMultiArchLayoutCopiedInAndOutComesBackDigestForDigest() throws Exception {
        Path source = work.resolve("source");
        String indexDigest = OciLayouts.multiArch(source, "1.0");
        String target = "docker://127.0.0.1:" + registry.port() + "/containers/skopeo/app:1.0";

        skopeo("copy", "--all", "--preserve-digests", "--dest-creds", CREDS, "--dest-tls-verify=false", "oci:" + source + ":1.0", target);

        OciHttp admin = new OciHttp(registry.url(), "admin", TestRegistry.ADMIN_PASSWORD);
        OciHttp.Response index = admin.get("/v2/containers/skopeo/app/manifests/1.0");
        assertThat(index.status()).isEqualTo(200);
        assertThat(index.header("Docker-Content-Digest")).isEqualTo(indexDigest);
        assertThat(index.header("Content-Type")).isEqualTo("application/vnd.oci.image.index.v1+json");

        String inspected = skopeo("inspect", "--raw", "--creds", CREDS, "--tls-verify=false", target);
        assertThat(OciHttp.digest(inspected.getBytes(StandardCharsets.UTF_8))).isEqualTo(indexDigest);

        Path copy = work.resolve("copy");
        skopeo("copy", "--all", "--preserve-digests", "--src-creds", CREDS, "--src-tls-verify=false", target, "oci:" + copy + ":1.0");

        assertThat(blobs(copy)).isEqualTo(blobs(source));
        JsonNode copiedIndex = OciHttp.JSON.readTree(copy.resolve("index.json").toFile());
        assertThat(copiedIndex.at("/manifests/0/digest").asText()).isEqualTo(indexDigest);
        for (String digest : blobs(source)) {
            Path original = source.resolve("blobs/sha256/" + digest.substring(7));
            assertThat(Files.readAllBytes(copy.resolve("blobs/sha256/" + digest.substring(7)))).isEqualTo(Files.readAllBytes(original));
        }
    }

    @Test
    void aReaderIsRefusedAPushAndAnonymousCallersPullPublicImagesThroughTheTokenFlow() throws Exception {
        assertThat(registry.admin().post("/api/v1/users", Map.of("name", "skopeo-reader", "password", "reader-password")).status()).isEqualTo(201);
        assertThat(registry.admin().post("/api/v1/policies", Map.of("name", "skopeo-reader", "subjects", List.of("user:skopeo-reader"),
                "rules", List.of(Map.of("repositories", List.of("containers"), "actions", List.of("read"))))).status()).isEqualTo(201);
        assertThat(registry.admin().post("/api/v1/repositories", Map.of("name", "public-images", "format", "oci",
                "visibility", "public")).status()).isEqualTo(201);
        Path source = work.resolve("refused");
        OciLayouts.multiArch(source, "2.0");

        Run refused = run("copy", "--all", "--dest-creds", "skopeo-reader:reader-password", "--dest-tls-verify=false",
                "oci:" + source + ":2.0", "docker://127.0.0.1:" + registry.port() + "/containers/skopeo/refused:2.0");
        assertThat(refused.exit()).as(refused.output()).isNotZero();
        assertThat(refused.output().toLowerCase()).containsAnyOf("denied", "unauthorized");
        assertThat(refused.output()).as("the registry's reason, as skopeo prints it").contains("write access to containers/skopeo/refused denied");
        assertThat(registry.admin().get("/v2/containers/skopeo/refused/tags/list").status()).isEqualTo(404);

        String published = "docker://127.0.0.1:" + registry.port() + "/public-images/base:2.0";
        skopeo("copy", "--all", "--dest-creds", CREDS, "--dest-tls-verify=false", "oci:" + source + ":2.0", published);
        // No credentials at all: skopeo meets the Bearer challenge and fetches an anonymous token.
        Run anonymous = run("inspect", "--raw", "--tls-verify=false", published);
        assertThat(anonymous.exit()).as(anonymous.output()).isZero();
        assertThat(anonymous.output()).contains("application/vnd.oci.image.index.v1+json");
        Run anonymousPush = run("copy", "--all", "--dest-tls-verify=false", "oci:" + source + ":2.0",
                "docker://127.0.0.1:" + registry.port() + "/public-images/sneaky:2.0");
        assertThat(anonymousPush.exit()).as(anonymousPush.output()).isNotZero();
    }

    private record Run(int exit, String output) {
    }

    private static TreeSet<String> blobs(Path layout) throws IOException {
        try (Stream<Path> files = Files.list(layout.resolve("blobs/sha256"))) {
            return files.map(file -> "sha256:" + file.getFileName()).collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }

    private static String skopeo(String... args) throws Exception {
        Run run = run(args);
        assertThat(run.exit()).as(String.join(" ", args) + "\n" + run.output()).isZero();
        return run.output();
    }

    private static Run run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("skopeo", "--insecure-policy"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("skopeo timed out: " + command);
        }
        return new Run(process.exitValue(), output);
    }
}
