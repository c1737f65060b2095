package io.enseada.registry.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.enseada.registry.testing.Cli;
import io.enseada.registry.testing.Mvn;
import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.testing.HttpSession;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Storage quotas as the real clients meet them: skopeo, mvn and npm each fill a repository, and
 * the write that would pass its quota is refused in the client's own terms, with a message the
 * client prints, and stores nothing. Deleting and collecting makes room again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuotaIT {
    private static final int MIB = 1 << 20;
    private static final String CREDS = "admin:" + TestRegistry.ADMIN_PASSWORD;

    @TempDir
    static Path work;

    private TestRegistry registry;

    @BeforeAll
    void start() throws IOException {
        Path config = Files.writeString(work.resolve("enseada.yaml"), """
                repositories:
                  - {name: q-images, format: oci, quota: 8Mi}
                  - {name: q-libs, format: maven, quota: 3Mi}
                  - {name: q-npm, format: npm, quota: 4Mi}
                  - {name: q-small, format: oci, quota: 1Mi}
                """);
        registry = TestRegistry.start(
                work.resolve("data"), Map.of("ENSEADA_CONFIG", config.toString(), "ENSEADA_GC_GRACE_PERIOD", "PT0S"));
    }

    @AfterAll
    void stop() {
        registry.close();
    }

    HttpSession admin() {
        return registry.admin().withTimeout(Duration.ofMinutes(2));
    }

    @Test
    void skopeoIsDeniedThePushThatWouldPassTheQuotaAndMayPushAgainOnceSpaceIsCollected() throws Exception {
        ImageLayout.Image first = ImageLayout.write(work.resolve("first"), "latest", List.of(layer(5 * MIB, 1)));
        assertThat(skopeo("oci:" + work.resolve("first") + ":latest", "q-images/app:1")
                        .exit())
                .isZero();
        byte[] secondLayer = layer(5 * MIB, 2);
        ImageLayout.write(work.resolve("second"), "latest", List.of(secondLayer));

        Cli.Result refused = skopeo("oci:" + work.resolve("second") + ":latest", "q-images/app:2");

        assertThat(refused.exit()).isNotZero();
        assertThat(refused.output()).contains("denied").contains("q-images").contains("8Mi quota");
        assertThat(admin().get("/v2/q-images/app/manifests/2").status()).isEqualTo(404);
        assertThat(admin().head("/v2/q-images/app/blobs/" + io.enseada.registry.oci.OciPush.digest(secondLayer))
                        .status())
                .as("no byte of the refused layer is stored")
                .isEqualTo(404);
        HttpSession.Response shown = admin().get("/api/v1/repositories/q-images");
        assertThat(shown.json().path("quota").asText()).isEqualTo("8Mi");
        assertThat(shown.json().at("/usage/quotaBytes").asLong()).isEqualTo(8L * MIB);
        assertThat(shown.json().at("/usage/bytes").asLong()).isBetween(5L * MIB, 6L * MIB);
        String metrics = admin().get("/metrics").text();
        assertThat(metrics)
                .contains("enseada_repository_quota_bytes{repository=\"q-images\"} 8388608.0")
                .containsPattern("enseada_repository_used_bytes\\{repository=\"q-images\"} 5\\d{6}\\.0")
                .containsPattern("enseada_quota_refusals_total\\{repository=\"q-images\"} [1-9]");

        assertThat(admin().delete("/v2/q-images/app/manifests/" + first.manifest())
                        .status())
                .isEqualTo(202);
        assertThat(admin().post("/api/v1/maintenance/gc", Map.of()).status()).isEqualTo(200);
        // this replica rescans a repository's usage at most every 10 s
        await().atMost(Duration.ofSeconds(40))
                .pollInterval(Duration.ofSeconds(3))
                .until(() -> skopeo("oci:" + work.resolve("second") + ":latest", "q-images/app:2")
                                .exit()
                        == 0);
        assertThat(admin().get("/v2/q-images/app/manifests/2").status()).isEqualTo(200);
    }

    /**
     * Go's net/http (skopeo, podman) writes a whole PATCH before it reads the answer: left unread,
     * the refused body would meet a reset and the client a broken pipe instead of the denial.
     */
    @Test
    void aClientThatWritesTheWholeRefusedLayerBeforeReadingGetsTheDenial() throws Exception {
        HttpSession.Response started = admin().raw("POST", "/v2/q-small/app/blobs/uploads/", Map.of(), null);
        assertThat(started.status()).isEqualTo(202);
        String location = started.header("Location");
        int size = 32 * MIB;
        try (Socket socket = new Socket("127.0.0.1", registry.port())) {
            socket.setSoTimeout(60_000);
            socket.setSendBufferSize(64 * 1024);
            OutputStream out = socket.getOutputStream();
            out.write(("PATCH " + location + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic "
                            + Base64.getEncoder().encodeToString(CREDS.getBytes(StandardCharsets.UTF_8))
                            + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + size
                            + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            byte[] chunk = new byte[256 * 1024];
            for (int sent = 0; sent < size; sent += chunk.length) {
                out.write(chunk);
            }
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(answer).startsWith("HTTP/1.1 403").contains("DENIED").contains("1Mi quota");
        }
        assertThat(admin().get("/api/v1/repositories/q-small")
                        .json()
                        .at("/usage/bytes")
                        .asLong())
                .isZero();
    }

    @Test
    void mvnIsRefusedWith413TheDeployThatWouldPassTheQuota() throws Exception {
        Path settings = Mvn.settings(work.resolve("settings.xml"), "admin", TestRegistry.ADMIN_PASSWORD);
        Path local = work.resolve("m2");
        Mvn.Run first = deployFile(settings, local, "first", layer(2 * MIB, 3));
        assertThat(first.exit()).as(first.output()).isZero();

        Mvn.Run second = deployFile(settings, local, "second", layer(2 * MIB, 4));

        assertThat(second.exit()).isNotZero();
        assertThat(second.output()).contains("413");
        assertThat(admin().get("/maven/q-libs/com/example/quota/second/1.0/second-1.0.jar")
                        .status())
                .isEqualTo(404);
        assertThat(admin().get("/maven/q-libs/com/example/quota/first/1.0/first-1.0.jar")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void npmIsRefusedWith413AndTheQuotaMessageThePublishThatWouldPassIt() throws Exception {
        Path npmrc = Files.writeString(
                work.resolve("npmrc"),
                "registry=http://127.0.0.1:" + registry.port() + "/npm/q-npm/\n//127.0.0.1:" + registry.port()
                        + "/npm/q-npm/:_auth="
                        + Base64.getEncoder().encodeToString(CREDS.getBytes(StandardCharsets.UTF_8)) + "\n");
        Cli.Result first = npm(npmrc, pkg("quota-first", 1536 * 1024, 5), "publish");
        assertThat(first.exit()).as(first.output()).isZero();

        Cli.Result second = npm(npmrc, pkg("quota-second", 3 * MIB, 6), "publish");

        assertThat(second.exit()).isNotZero();
        assertThat(second.output()).contains("413").contains("q-npm").contains("4Mi quota");
        assertThat(admin().get("/npm/q-npm/quota-second").status()).isEqualTo(404);
        Cli.Result tagged = npm(npmrc, work, "dist-tag", "add", "quota-first@1.0.0", "stable");
        assertThat(tagged.exit())
                .as("moving a dist-tag stores nothing: " + tagged.output())
                .isZero();
    }

    private Mvn.Run deployFile(Path settings, Path local, String artifact, byte[] jar) throws Exception {
        Path dir = Files.createDirectories(work.resolve("mvn-" + artifact));
        Path file = Files.write(dir.resolve(artifact + ".jar"), jar);
        return Mvn.run(
                dir,
                settings,
                local,
                "org.apache.maven.plugins:maven-deploy-plugin:3.1.4:deploy-file",
                "-Dfile=" + file,
                "-DgroupId=com.example.quota",
                "-DartifactId=" + artifact,
                "-Dversion=1.0",
                "-Dpackaging=jar",
                "-DrepositoryId=enseada",
                "-Durl=http://127.0.0.1:" + registry.port() + "/maven/q-libs");
    }

    /** A package whose tarball is about {@code size} bytes: random content does not compress. */
    private Path pkg(String name, int size, long seed) throws IOException {
        Path dir = Files.createDirectories(work.resolve("npm-" + name));
        Files.writeString(
                dir.resolve("package.json"),
                "{\"name\":\"" + name + "\",\"version\":\"1.0.0\",\"license\":\"MIT\",\"main\":\"index.js\"}");
        Files.writeString(dir.resolve("index.js"), "module.exports = 1;\n");
        byte[] payload = new byte[size];
        new Random(seed).nextBytes(payload);
        Files.write(dir.resolve("payload.bin"), payload);
        return dir;
    }

    private Cli.Result npm(Path npmrc, Path dir, String... args) {
        return Cli.npm(work, npmrc, dir, args);
    }

    private Cli.Result skopeo(String source, String reference) {
        return Cli.of(
                        "skopeo",
                        "--insecure-policy",
                        "copy",
                        "--preserve-digests",
                        "--retry-times=0",
                        "--dest-creds",
                        CREDS,
                        "--dest-tls-verify=false",
                        source,
                        "docker://127.0.0.1:" + registry.port() + "/" + reference)
                .timeout(Duration.ofMinutes(2))
                .run();
    }

    private static byte[] layer(int size, long seed) throws IOException {
        return GarbageCollectionContract.layer(size, seed);
    }
}
