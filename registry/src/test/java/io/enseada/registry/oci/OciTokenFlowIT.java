package io.enseada.registry.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.enseada.registry.testing.ClientProcess;
import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.testing.HttpSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * skopeo and podman (containers/image, the library of buildah and CRI-O too) against the token
 * flow: they ask the token endpoint for what each step needs, ask again when a 401 names an
 * {@code insufficient_scope}, and see only what the policies, path rules included, let them.
 */
class OciTokenFlowIT {
    private static final Duration CLIENT_TIMEOUT = Duration.ofMinutes(2);

    @TempDir
    static Path work;

    static TestRegistry registry;
    static HttpSession admin;
    static String host;

    @BeforeAll
    static void start() throws Exception {
        Path config = work.resolve("enseada.yaml");
        Files.writeString(config, """
                repositories:
                  - {name: containers, format: oci}
                  - {name: pub, format: oci, visibility: public}
                users:
                  - {name: dev, password: dev-password-1}
                  - {name: cleaner, password: cleaner-password-1}
                policies:
                  - name: dev-apps
                    subjects: [user:dev]
                    rules:
                      - {repositories: [containers], paths: ["apps/**"], actions: [read, write]}
                  - name: cleaner
                    subjects: [user:cleaner]
                    rules:
                      - {repositories: [containers], actions: [read, delete]}
                """);
        registry = TestRegistry.start(work.resolve("data"), Map.of("ENSEADA_CONFIG", config.toString()));
        admin = new HttpSession(registry.url()).basic("admin", TestRegistry.ADMIN_PASSWORD);
        host = "127.0.0.1:" + registry.port();
        Path layout = work.resolve("layout");
        OciLayouts.multiArch(layout, "1");
        for (String name :
                List.of("containers/apps/base", "containers/secret/base", "containers/doomed/base", "pub/hello")) {
            skopeo(
                            "copy",
                            "--all",
                            "--dest-creds",
                            "admin:" + TestRegistry.ADMIN_PASSWORD,
                            "--dest-tls-verify=false",
                            "oci:" + layout + ":1",
                            "docker://" + host + "/" + name + ":1")
                    .assertSucceeded();
        }
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void podmanSearchIsChallengedForTheCatalogScopeAsksAgainAndListsOnlyWhatTheCallerMayRead() {
        Path auth = work.resolve("dev-auth.json");
        podman("login", "--tls-verify=false", "--authfile", auth.toString(), "-u", "dev", "-p", "dev-password-1", host)
                .assertSucceeded();

        Result search =
                podman("--log-level=debug", "search", "--tls-verify=false", "--authfile", auth.toString(), host + "/");

        search.assertSucceeded();
        assertThat(search.output())
                .contains(
                        "Detected insufficient_scope error, will retry request with updated scope",
                        "scope=registry%3Acatalog%3A%2A");
        assertThat(listed(search))
                .contains(host + "/containers/apps/base", host + "/pub/hello")
                .doesNotContain(host + "/containers/secret/base", host + "/containers/doomed/base");

        Path nobody = work.resolve("empty-auth.json");
        writeEmptyAuthFile(nobody);
        Result anonymous = podman("search", "--tls-verify=false", "--authfile", nobody.toString(), host + "/");
        anonymous.assertSucceeded();
        assertThat(listed(anonymous)).containsExactly(host + "/pub/hello");
    }

    @Test
    void skopeoDeleteAsksAgainForEachScopeItsFirstTokenLacked() {
        String image = "docker://" + host + "/containers/doomed/base:1";
        String digest = admin.head("/v2/containers/doomed/base/manifests/1").header("Docker-Content-Digest");

        // skopeo asks for "*"; the cleaner may read and delete but not push, so its first token grants nothing
        Result deleted =
                skopeo("--debug", "delete", "--creds", "cleaner:cleaner-password-1", "--tls-verify=false", image);

        deleted.assertSucceeded();
        assertThat(deleted.output().split("Detected insufficient_scope error", -1))
                .hasSize(3);
        assertThat(deleted.output())
                .contains(
                        "scope=repository%3Acontainers%2Fdoomed%2Fbase%3Apull",
                        "scope=repository%3Acontainers%2Fdoomed%2Fbase%3Adelete");
        assertThat(admin.head("/v2/containers/doomed/base/manifests/" + digest).status())
                .isEqualTo(404);
    }

    @Test
    void skopeoPullsAndPushesInOneCopyInsideThePathRulesAndNothingOutside() {
        Result copied = skopeo(
                "copy",
                "--all",
                "--src-creds",
                "dev:dev-password-1",
                "--dest-creds",
                "dev:dev-password-1",
                "--src-tls-verify=false",
                "--dest-tls-verify=false",
                "docker://" + host + "/containers/apps/base:1",
                "docker://" + host + "/containers/apps/copy:1");

        copied.assertSucceeded();
        assertThat(admin.head("/v2/containers/apps/copy/manifests/1").header("Docker-Content-Digest"))
                .isEqualTo(admin.head("/v2/containers/apps/base/manifests/1").header("Docker-Content-Digest"));

        Result outside = skopeo(
                "copy",
                "--all",
                "--src-creds",
                "dev:dev-password-1",
                "--dest-creds",
                "dev:dev-password-1",
                "--src-tls-verify=false",
                "--dest-tls-verify=false",
                "docker://" + host + "/containers/secret/base:1",
                "docker://" + host + "/containers/apps/leak:1");
        assertThat(outside.exit()).as(outside.toString()).isNotZero();
        assertThat(outside.output().toLowerCase()).contains("unauthorized");
        assertThat(admin.head("/v2/containers/apps/leak/manifests/1").status()).isEqualTo(404);
    }

    @Test
    void podmanPushesPullsAndPushesAgainAsAPathLimitedUser() throws Exception {
        Path rootfs = Files.createDirectories(work.resolve("rootfs/etc"));
        Files.writeString(rootfs.resolve("greeting"), "hello from podman\n");
        Path tar = work.resolve("rootfs.tar");
        ClientProcess.Run packed = ClientProcess.run(
                CLIENT_TIMEOUT,
                List.of(
                        "tar",
                        "-cf",
                        tar.toString(),
                        "-C",
                        work.resolve("rootfs").toString(),
                        "."));
        assertThat(packed.exit()).as(packed.toString()).isZero();
        String creds = "dev:dev-password-1";
        String first = host + "/containers/apps/podman:1";
        String second = host + "/containers/apps/podman-again:1";

        podman("import", tar.toString(), first).assertSucceeded();
        podman("push", "--tls-verify=false", "--creds", creds, first).assertSucceeded();
        podman("rmi", "--all", "--force").assertSucceeded();
        podman("pull", "--tls-verify=false", "--creds", creds, first).assertSucceeded();
        podman("tag", first, second).assertSucceeded();
        podman("push", "--tls-verify=false", "--creds", creds, second).assertSucceeded();

        assertThat(admin.head("/v2/containers/apps/podman-again/manifests/1").status())
                .isEqualTo(200);
        Result refused = podman("pull", "--tls-verify=false", "--creds", creds, host + "/containers/secret/base:1");
        assertThat(refused.exit()).as(refused.toString()).isNotZero();
        podman("tag", first, host + "/containers/other/podman:1").assertSucceeded();
        Result denied = podman("push", "--tls-verify=false", "--creds", creds, host + "/containers/other/podman:1");
        assertThat(denied.exit()).as(denied.toString()).isNotZero();
        assertThat(admin.head("/v2/containers/other/podman/manifests/1").status())
                .isEqualTo(404);
    }

    // ---- helpers ----

    private record Result(ClientProcess.Run run) {
        int exit() {
            return run.exit();
        }

        String output() {
            return run.output();
        }

        void assertSucceeded() {
            assertThat(run.exit()).as(run.toString()).isZero();
        }

        @Override
        public String toString() {
            return run.toString();
        }
    }

    private static Result skopeo(String... args) {
        List<String> command = new ArrayList<>(List.of("skopeo", "--insecure-policy"));
        command.addAll(List.of(args));
        return new Result(ClientProcess.run(CLIENT_TIMEOUT, command));
    }

    /** podman as root without a daemon, in storage of this test's own. */
    private static Result podman(String... args) {
        List<String> command = new ArrayList<>(List.of(
                "podman",
                "--root",
                work.resolve("podman-root").toString(),
                "--runroot",
                work.resolve("podman-runroot").toString(),
                "--storage-driver",
                "vfs"));
        command.addAll(List.of(args));
        return new Result(ClientProcess.run(CLIENT_TIMEOUT, command));
    }

    /** The image names a {@code podman search} table lists. */
    private static List<String> listed(Result search) {
        return search.output()
                .lines()
                .filter(line -> line.startsWith(host + "/"))
                .map(line -> line.split("\\s+")[0])
                .toList();
    }

    private static void writeEmptyAuthFile(Path file) {
        try {
            Files.writeString(file, "{\"auths\":{}}");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
