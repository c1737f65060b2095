package io.enseada.registry.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.enseada.registry.testing.Cli;
import io.enseada.registry.testing.Readme;
import io.enseada.registry.testing.RegistryPerClass;
import io.enseada.registry.testing.TestCertificates;
import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.testing.HttpSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OCI commands and settings of the README's "Container images" section, as pasted, against a
 * registry on plain HTTP like the quick start: the skopeo and podman lines with
 * {@code --tls-verify=false}, then the {@code registries.conf} drop-in instead of the flag. Only the
 * address, the password and the podman store (through the environment) differ from what a user runs.
 * And the HTTPS form: certificate checks on, the private CA given as {@code certs.d} holds it.
 */
class OciReadmeIT {
    @RegisterExtension
    static final RegistryPerClass REGISTRY = new RegistryPerClass();

    @TempDir
    static Path work;

    @Test
    void theQuickStartCommandsPushPullAndRetagAnImageOfRealSize() throws Exception {
        RealisticImage image = RealisticImage.get();
        String local = "127.0.0.1:" + REGISTRY.registry().port();
        Path project = Files.createDirectories(work.resolve("project"));
        Files.createSymbolicLink(project.resolve("layout"), image.layout());
        Podman podman = Podman.in(work.resolve("podman"));
        String script = Readme.pointedAt(
                Readme.block("sh", "oci:./layout:1.0"), REGISTRY.registry().port(), TestRegistry.ADMIN_PASSWORD, "");

        Cli.Result run = Cli.of("bash", "-e", "-x", "-c", script)
                .in(project)
                .clearEnv("CONTAINERS_")
                .env(podman.environment())
                .succeed();

        assertThat(run.output()).contains("+ podman push");
        // skopeo gzipped the uncompressed tar layer on the way in: a manifest of its own, the same config and content.
        HttpSession admin = new HttpSession(REGISTRY.registry().url()).basic("admin", TestRegistry.ADMIN_PASSWORD);
        String pushed = admin.head("/v2/containers/team/app/manifests/1.0").header("Docker-Content-Digest");
        ServedImage served = new ServedImage(admin, "containers/team/app");
        JsonNode manifest = served.manifest("1.0", pushed);
        assertThat(manifest.at("/config/digest").asText()).isEqualTo(image.configDigest());
        assertThat(served.servedDiffIds(manifest)).isEqualTo(image.diffIds());
        JsonNode pulled = podman.inspect(local + "/containers/team/app:1.0");
        assertThat(pulled.path("Digest").asText()).isEqualTo(pushed);
        assertThat(Podman.diffIds(pulled)).isEqualTo(image.diffIds());
        // The retagged image is the same manifest, its blobs already in the repository.
        served.manifest("1.1", pushed);
    }

    @Test
    void theRegistriesConfDropInLetsSkopeoAndPodmanUsePlainHttpWithoutTheFlag() throws Exception {
        RealisticImage image = RealisticImage.get();
        String reference = "127.0.0.1:" + REGISTRY.registry().port() + "/containers/dropin/app:1.0";
        Cli.of(
                        "skopeo",
                        "copy",
                        "--dest-creds",
                        "admin:" + TestRegistry.ADMIN_PASSWORD,
                        "--dest-tls-verify=false",
                        image.ociReference(),
                        "docker://" + reference)
                .succeed();
        Path dropIn = Files.writeString(
                work.resolve("enseada.conf"),
                Readme.pointedAt(
                        Readme.block("toml", "insecure = true"),
                        REGISTRY.registry().port(),
                        TestRegistry.ADMIN_PASSWORD,
                        ""));
        String creds = "admin:" + TestRegistry.ADMIN_PASSWORD;

        Cli.Result withoutDropIn = Cli.of("skopeo", "inspect", "--raw", "--creds", creds, "docker://" + reference)
                .run();
        assertThat(withoutDropIn.exit()).isNotZero();
        assertThat(withoutDropIn.output()).contains("server gave HTTP response to HTTPS client");
        Cli.Result inspect = Cli.of(
                        "skopeo",
                        "--registries-conf",
                        dropIn.toString(),
                        "inspect",
                        "--raw",
                        "--creds",
                        creds,
                        "docker://" + reference)
                .succeed();
        String pushed = new HttpSession(REGISTRY.registry().url())
                .basic("admin", TestRegistry.ADMIN_PASSWORD)
                .head("/v2/containers/dropin/app/manifests/1.0")
                .header("Docker-Content-Digest");
        assertThat(OciPush.digest(inspect.output().getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(pushed);

        Podman podman = Podman.in(work.resolve("podman-dropin"));
        Cli.of("podman", "pull", "--creds", creds, reference)
                .clearEnv("CONTAINERS_")
                .env(podman.environment())
                .env("CONTAINERS_REGISTRIES_CONF", dropIn.toString())
                .succeed();
        assertThat(podman.inspect(reference).path("Digest").asText()).isEqualTo(pushed);
    }

    @Test
    void overHttpsSkopeoAndPodmanNeedOnlyCredentialsAndTheCaCertificate() throws Exception {
        RealisticImage image = RealisticImage.get();
        TestCertificates certificates = TestCertificates.generate(Files.createDirectories(work.resolve("tls")), true);
        // What /etc/containers/certs.d/HOST:PORT/ holds on a machine that trusts a private CA.
        Path certDir = Files.createDirectories(work.resolve("certs.d"));
        Files.copy(certificates.certFile(), certDir.resolve("ca.crt"));
        try (TestRegistry tls = TestRegistry.start(
                work.resolve("tls-data"),
                TestRegistry.settings(
                        "ENSEADA_TLS",
                        "true",
                        "ENSEADA_TLS_KEY_PATH",
                        certificates.keyFile().toString(),
                        "ENSEADA_TLS_CERT_PATH",
                        certificates.certFile().toString()))) {
            String reference = "127.0.0.1:" + tls.port() + "/containers/tls/app:1.0";
            String creds = "admin:" + TestRegistry.ADMIN_PASSWORD;
            Path digestFile = work.resolve("tls.digest");
            ClientLog push = new ClientLog(
                    Cli.of(
                                    "skopeo",
                                    "--debug",
                                    "copy",
                                    "--dest-creds",
                                    creds,
                                    "--dest-cert-dir",
                                    certDir.toString(),
                                    "--digestfile",
                                    digestFile.toString(),
                                    image.ociReference(),
                                    "docker://" + reference)
                            .succeed()
                            .output(),
                    "https://127.0.0.1:" + tls.port());
            assertThat(push.askedForToken("admin", "containers/tls/app", "pull,push"))
                    .isTrue();
            assertThat(push.requests("PATCH", "/v2/containers/tls/app/blobs/uploads/"))
                    .hasSize(image.blobs().size());

            Cli.Result untrusted = Cli.of("skopeo", "inspect", "--raw", "--creds", creds, "docker://" + reference)
                    .run();
            assertThat(untrusted.exit()).isNotZero();
            assertThat(untrusted.output()).contains("certificate signed by unknown authority");

            Podman podman = Podman.in(work.resolve("podman-tls"));
            podman.succeed("pull", "--creds", creds, "--cert-dir", certDir.toString(), reference);
            JsonNode pulled = podman.inspect(reference);
            assertThat(pulled.path("Digest").asText())
                    .isEqualTo(Files.readString(digestFile).trim());
            assertThat(Podman.diffIds(pulled)).isEqualTo(image.diffIds());
        }
    }
}
