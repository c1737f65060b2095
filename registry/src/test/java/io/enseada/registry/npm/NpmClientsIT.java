package io.enseada.registry.npm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.enseada.registry.storage.GeneratedInputStream;
import io.enseada.registry.testing.Cli;
import io.enseada.registry.testing.Readme;
import io.enseada.registry.testing.RegistryPerClass;
import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.testing.TestServices;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A package of several MiB (5 MiB of random bytes inside) published with the real {@code npm} and
 * installed by npm, pnpm, yarn 1 and yarn 4 from a private repository, each configured with
 * exactly the snippet the README tells its users to paste ({@code .npmrc}, plus
 * {@code always-auth} for yarn 1, {@code .yarnrc.yml} for yarn 4) and otherwise its default
 * settings, in an empty HOME. What each client locked and installed is compared with what was
 * published, byte for byte.
 */
class NpmClientsIT {
    private static final String PACKAGE = "enseada-big";
    private static final int DATA_SIZE = 5 * 1024 * 1024;

    @RegisterExtension
    static final RegistryPerClass REGISTRY = new RegistryPerClass();

    @TempDir
    static Path work;

    static String token;
    static String registryUrl;
    static String integrity;
    static String dataSha256;

    @BeforeAll
    static void publish() throws Exception {
        TestRegistry registry = REGISTRY.registry();
        registryUrl = "http://127.0.0.1:" + registry.port() + "/npm/npm/";
        token = registry.admin()
                .post("/api/v1/tokens", Map.of("description", "npm clients test"))
                .json()
                .path("token")
                .asText();
        Path source = Files.createDirectories(work.resolve("source"));
        Files.writeString(source.resolve("package.json"), """
                {"name":"%s","version":"1.0.0","description":"several MiB for the client tests","main":"index.js","license":"MIT"}
                """.formatted(PACKAGE));
        Files.writeString(
                source.resolve("index.js"), "module.exports = require('path').join(__dirname, 'data.bin');\n");
        try (InputStream data = new GeneratedInputStream(11, DATA_SIZE)) {
            Files.copy(data, source.resolve("data.bin"));
        }
        dataSha256 = sha256(Files.readAllBytes(source.resolve("data.bin")));
        Files.writeString(source.resolve(".npmrc"), npmrc());

        JsonNode packed = TestPackages.JSON
                .readTree(client(source, "npm", "pack", "--json").succeed().output())
                .path(0);
        Path tarball = source.resolve(packed.path("filename").asText());
        byte[] tarballBytes = Files.readAllBytes(tarball);
        assertThat(tarballBytes.length).as("tarball size").isGreaterThan(DATA_SIZE);
        integrity = "sha512-" + Base64.getEncoder().encodeToString(TestPackages.hash("SHA-512", tarballBytes));
        assertThat(packed.path("integrity").asText()).isEqualTo(integrity);
        client(source, "npm", "publish", tarball.toString()).succeed();

        JsonNode published = registry.admin().get("/npm/npm/" + PACKAGE).json().at("/versions/1.0.0/dist");
        assertThat(published.path("integrity").asText()).isEqualTo(integrity);
        assertThat(published.path("tarball").asText())
                .isEqualTo(registryUrl + PACKAGE + "/-/" + PACKAGE + "-1.0.0.tgz");
    }

    @Test
    void npmInstallsItWithTheReadmeNpmrc() throws Exception {
        Path app = app("npm-app", Map.of(".npmrc", npmrc()));
        client(app, "npm", "install").succeed();
        JsonNode locked = TestPackages.JSON
                .readTree(app.resolve("package-lock.json").toFile())
                .at("/packages/node_modules~1" + PACKAGE);
        assertThat(locked.path("integrity").asText()).isEqualTo(integrity);
        assertThat(locked.path("resolved").asText()).isEqualTo(registryUrl + PACKAGE + "/-/" + PACKAGE + "-1.0.0.tgz");
        assertInstalled(app);
    }

    @Test
    void pnpmInstallsItWithTheReadmeNpmrc() throws Exception {
        Path app = app("pnpm-app", Map.of(".npmrc", npmrc()));
        client(app, TestServices.installed("@pnpm/exe.linux-x64/pnpm").toString(), "install")
                .succeed();
        assertThat(Files.readString(app.resolve("pnpm-lock.yaml")))
                .contains("resolution: {integrity: " + integrity + "}");
        // Published a moment ago, so younger than pnpm's minimum release age: pnpm lets it in by excluding it, as the
        // README says.
        assertThat(Files.readString(app.resolve("pnpm-workspace.yaml")))
                .contains("minimumReleaseAgeExclude:", PACKAGE + "@1.0.0");
        assertInstalled(app);
    }

    @Test
    void yarn1InstallsItWithTheReadmeNpmrcAndAlwaysAuth() throws Exception {
        String npmrc = npmrc() + Readme.block("ini", "always-auth=true");
        Path app = app("yarn1-app", Map.of(".npmrc", npmrc));
        client(app, "node", TestServices.installed("yarn/bin/yarn.js").toString(), "install")
                .succeed();
        assertThat(Files.readString(app.resolve("yarn.lock")))
                .contains("integrity " + integrity + "\n")
                .contains("resolved \"" + registryUrl + PACKAGE + "/-/" + PACKAGE + "-1.0.0.tgz#");
        assertInstalled(app);
    }

    @Test
    void yarn4InstallsItWithTheReadmeYarnrcYml() throws Exception {
        String yarnrc = Readme.pointedAt(
                Readme.block("yaml", "npmRegistryServer:"),
                REGISTRY.registry().port(),
                TestRegistry.ADMIN_PASSWORD,
                token);
        Path app = app("yarn4-app", Map.of(".yarnrc.yml", yarnrc));
        String yarn = TestServices.installed("@yarnpkg/cli-dist/bin/yarn.js").toString();
        client(app, "node", yarn, "install").succeed();
        assertThat(Files.readString(app.resolve("yarn.lock"))).contains("resolution: \"" + PACKAGE + "@npm:1.0.0\"");
        // yarn 4 keeps packages in zip archives behind its Plug'n'Play loader: read the file through it.
        String installed = client(
                        app,
                        "node",
                        yarn,
                        "node",
                        "-e",
                        "process.stdout.write(require('crypto').createHash('sha256')"
                                + ".update(require('fs').readFileSync(require('" + PACKAGE + "'))).digest('hex'))")
                .succeed()
                .output();
        assertThat(installed.trim()).isEqualTo(dataSha256);
    }

    private static String npmrc() {
        return Readme.pointedAt(
                Readme.block("ini", "/npm/npm/:_authToken=ens_"),
                REGISTRY.registry().port(),
                TestRegistry.ADMIN_PASSWORD,
                token);
    }

    /** An empty project that depends on the package, with the given client configuration files. */
    private static Path app(String name, Map<String, String> files) throws Exception {
        Path app = Files.createDirectories(work.resolve(name));
        Files.writeString(app.resolve("package.json"), """
                {"name":"%s","version":"1.0.0","private":true,"dependencies":{"%s":"^1.0.0"}}
                """.formatted(name, PACKAGE));
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(app.resolve(file.getKey()), file.getValue());
        }
        return app;
    }

    private static void assertInstalled(Path app) throws Exception {
        Path data = app.resolve("node_modules").resolve(PACKAGE).resolve("data.bin");
        assertThat(sha256(Files.readAllBytes(data))).isEqualTo(dataSha256);
    }

    /** A client run in {@code dir} with a HOME of its own and none of the machine's npm or yarn settings. */
    private static Cli client(Path dir, String... command) throws Exception {
        Path home = Files.createDirectories(work.resolve("home-" + dir.getFileName()));
        return Cli.of(command)
                .in(dir)
                .clearEnv("npm_config_")
                .clearEnv("YARN_")
                .clearEnv("PNPM_")
                .env("HOME", home.toString())
                .env("XDG_CONFIG_HOME", home.resolve(".config").toString())
                .env("XDG_DATA_HOME", home.resolve(".local/share").toString())
                .env("XDG_CACHE_HOME", home.resolve(".cache").toString())
                // Yarn 4 would otherwise try to send usage statistics to the internet.
                .env("YARN_ENABLE_TELEMETRY", "0")
                // The test plays a developer's first install, which writes the lockfile; on a CI machine (CI=true)
                // yarn 4 forbids that unless told otherwise, as the README says.
                .env("YARN_ENABLE_IMMUTABLE_INSTALLS", "false");
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(TestPackages.hash("SHA-256", bytes));
    }
}
