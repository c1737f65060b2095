package io.enseada.registry.npm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.testing.HttpSession;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code npm} CLI of this machine against a running registry, with a throwaway
 * {@code .npmrc}, cache and HOME: login, publish, dist-tags, view, deprecate, install from the
 * registry alone, audit, unpublish, whoami and tokens.
 */
class NpmCliIT {
    private static final Duration TIMEOUT = new Duration(120);

    @TempDir
    Path work;

    TestRegistry registry;
    String registryUrl;
    Path npmrc;

    record Duration(long seconds) {}

    record Run(int exit, String output) {}

    @BeforeEach
    void start() throws IOException {
        registry = TestRegistry.start(work.resolve("data"), Map.of());
        registryUrl = "http://127.0.0.1:" + registry.port() + "/npm/npm/";
        npmrc = work.resolve("npmrc");
        Files.writeString(npmrc, "registry=" + registryUrl + "\n@enseada:registry=" + registryUrl + "\n");
        Files.createDirectories(work.resolve("home"));
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void theNpmCliPublishesInstallsAndManagesPackages() throws Exception {
        // Login: plain `npm login` first tries web login, gets our 404 and falls back to the legacy
        // CouchDB-user flow, which prompts on a terminal: `script` gives it one.
        login("admin", TestRegistry.ADMIN_PASSWORD);
        assertThat(Files.readString(npmrc)).contains("//127.0.0.1:" + registry.port() + "/npm/npm/:_authToken=ens_");
        assertThat(npm(work, "whoami").output().trim()).isEqualTo("admin");

        Path hello = project("enseada-hello", "1.0.0", Map.of());
        assertOk(npm(hello, "publish"));
        version(hello, "1.1.0");
        assertOk(npm(hello, "publish"));
        Path greet = project("@enseada/greet", "1.0.0", Map.of("enseada-hello", "^1.0.0"));
        assertOk(npm(greet, "publish"));
        version(greet, "1.1.0");
        assertOk(npm(greet, "publish"));
        Run again = npm(greet, "publish");
        assertThat(again.exit()).isNotZero();
        assertThat(again.output()).contains("You cannot publish over the previously published versions: 1.1.0.");

        assertOk(npm(work, "dist-tag", "add", "enseada-hello@1.0.0", "stable"));
        assertThat(npm(work, "dist-tag", "ls", "enseada-hello").output())
                .contains("latest: 1.1.0")
                .contains("stable: 1.0.0");
        assertOk(npm(work, "dist-tag", "add", "@enseada/greet@1.0.0", "stable"));

        JsonNode view = json(npm(work, "view", "@enseada/greet", "--json"));
        assertThat(view.path("versions")).extracting(JsonNode::asText).containsExactly("1.0.0", "1.1.0");
        assertThat(view.path("dist-tags").path("latest").asText()).isEqualTo("1.1.0");
        assertThat(view.path("dist").path("tarball").asText())
                .isEqualTo(registryUrl + "@enseada/greet/-/greet-1.1.0.tgz");

        assertOk(npm(work, "deprecate", "enseada-hello@1.0.0", "use 1.1 or later"));
        assertThat(npm(work, "view", "enseada-hello@1.0.0", "deprecated")
                        .output()
                        .trim())
                .isEqualTo("use 1.1 or later");
        assertThat(npm(work, "view", "enseada-hello@1.1.0", "deprecated")
                        .output()
                        .trim())
                .isEmpty();

        // A fresh project and a fresh cache: everything comes from this registry.
        Path app = Files.createDirectories(work.resolve("app"));
        Files.writeString(app.resolve("package.json"), "{\"name\":\"app\",\"version\":\"1.0.0\",\"private\":true}");
        Run install = npm(
                app,
                "install",
                "--cache",
                work.resolve("fresh-cache").toString(),
                "--audit=true",
                "@enseada/greet@^1.0.0",
                "enseada-hello@stable");
        assertOk(install);
        assertThat(install.output()).contains("deprecated enseada-hello@1.0.0: use 1.1 or later");
        assertThat(installedVersion(app, "@enseada/greet")).isEqualTo("1.1.0");
        assertThat(installedVersion(app, "enseada-hello")).isEqualTo("1.0.0");
        JsonNode lock = TestPackages.JSON
                .readTree(app.resolve("package-lock.json").toFile())
                .path("packages");
        HttpSession admin = registry.admin();
        for (String name : List.of("@enseada/greet", "enseada-hello")) {
            JsonNode locked = lock.path("node_modules/" + name);
            JsonNode published = admin.get(
                            "/npm/npm/" + name + "/" + locked.path("version").asText())
                    .json();
            assertThat(locked.path("integrity").asText())
                    .as(name)
                    .startsWith("sha512-")
                    .isEqualTo(published.path("dist").path("integrity").asText());
            assertThat(locked.path("resolved").asText()).startsWith(registryUrl);
        }
        assertThat(npm(app, "audit").output()).contains("found 0 vulnerabilities");

        // Unpublish one version, then a whole package.
        assertOk(npm(work, "unpublish", "@enseada/greet@1.0.0"));
        assertThat(json(npm(work, "view", "@enseada/greet", "versions", "--json")))
                .extracting(JsonNode::asText)
                .containsExactly("1.1.0");
        assertThat(npm(work, "dist-tag", "ls", "@enseada/greet").output().trim())
                .as("the tag on 1.0.0 went with it")
                .isEqualTo("latest: 1.1.0");
        assertOk(npm(work, "unpublish", "enseada-hello", "--force"));
        Run gone = npm(work, "view", "enseada-hello");
        assertThat(gone.exit()).isNotZero();
        assertThat(gone.output()).contains("E404");
        assertThat(npm(work, "search", "greet").output()).contains("@enseada/greet");

        // Tokens: create one (the password is asked for again), use it, revoke it.
        Run created = npm(work, "token", "create", "--password=" + TestRegistry.ADMIN_PASSWORD);
        assertOk(created);
        Matcher token =
                Pattern.compile("(ens_([a-z0-9]{16})_[A-Za-z0-9_-]{43})").matcher(created.output());
        assertThat(token.find()).as(created.output()).isTrue();
        Path ci = work.resolve("ci-npmrc");
        Files.writeString(
                ci,
                "registry=" + registryUrl + "\n//127.0.0.1:" + registry.port() + "/npm/npm/:_authToken="
                        + token.group(1) + "\n");
        assertThat(npmWith(ci, work, "whoami").output().trim()).isEqualTo("admin");
        assertThat(npm(work, "token", "list").output())
                .contains("with id " + token.group(2).substring(0, 6));
        assertOk(npm(work, "token", "revoke", token.group(2)));
        Run revoked = npmWith(ci, work, "whoami");
        assertThat(revoked.exit()).isNotZero();
        assertThat(revoked.output())
                .contains("E401")
                .as("the server's reason, though npm shows no body of a 401")
                .contains("npm notice invalid username, password or token");
        assertThat(npm(work, "whoami").output().trim())
                .as("the login token still works")
                .isEqualTo("admin");

        // A read-only token installs but cannot publish.
        Run readOnly = npm(
                work,
                "token",
                "create",
                "--password=" + TestRegistry.ADMIN_PASSWORD,
                "--packages-and-scopes-permission=read-only");
        Matcher readToken =
                Pattern.compile("(ens_[a-z0-9]{16}_[A-Za-z0-9_-]{43})").matcher(readOnly.output());
        assertThat(readToken.find()).as(readOnly.output()).isTrue();
        Files.writeString(
                ci,
                "registry=" + registryUrl + "\n//127.0.0.1:" + registry.port() + "/npm/npm/:_authToken="
                        + readToken.group(1) + "\n");
        assertOk(npmWith(ci, work, "view", "@enseada/greet"));
        version(greet, "1.2.0");
        Run refused = npmWith(ci, greet, "publish");
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.output()).contains("E403").contains("write access to npm/@enseada/greet denied");

        // Logout revokes the token npm used.
        assertOk(npm(work, "logout"));
        assertThat(Files.readString(npmrc)).doesNotContain("_authToken");
        assertThat(admin.get("/api/v1/tokens").json().path("items"))
                .noneMatch(t -> "npm login".equals(t.path("description").asText())
                        && !t.path("revoked").asBoolean());
    }

    private void login(String user, String password) throws Exception {
        if (!new File("/usr/bin/script").canExecute() && !new File("/bin/script").canExecute()) {
            // Without a terminal npm cannot prompt: do the same PUT npm would send, keep the token as npm would.
            String token = registry.anonymous()
                    .put("/npm/npm/-/user/org.couchdb.user:" + user, Map.of("name", user, "password", password))
                    .json()
                    .path("token")
                    .asText();
            Files.writeString(
                    npmrc,
                    "//127.0.0.1:" + registry.port() + "/npm/npm/:_authToken=" + token + "\n",
                    StandardOpenOption.APPEND);
            return;
        }
        String command = String.join(" ", npmCommand(npmrc, "login"));
        ProcessBuilder builder = new ProcessBuilder("script", "-qec", command, "/dev/null")
                .directory(work.toFile())
                .redirectErrorStream(true);
        environment(builder);
        Process process = builder.start();
        StringBuilder seen = new StringBuilder();
        try (InputStream out = process.getInputStream();
                OutputStream in = process.getOutputStream()) {
            boolean userSent = false;
            boolean passwordSent = false;
            int c;
            while ((c = out.read()) >= 0) {
                seen.append((char) c);
                if (!userSent && seen.indexOf("Username:") >= 0) {
                    in.write((user + "\n").getBytes(StandardCharsets.UTF_8));
                    in.flush();
                    userSent = true;
                } else if (userSent && !passwordSent && seen.indexOf("Password:") >= 0) {
                    in.write((password + "\n").getBytes(StandardCharsets.UTF_8));
                    in.flush();
                    passwordSent = true;
                }
            }
        }
        assertThat(process.waitFor(TIMEOUT.seconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(seen.toString()).isZero();
        assertThat(seen).contains("Logged in on " + registryUrl);
    }

    private Path project(String name, String version, Map<String, String> dependencies) throws IOException {
        Path dir = Files.createDirectories(work.resolve("src").resolve(name.replace("/", "_")));
        StringBuilder deps = new StringBuilder();
        dependencies.forEach((dep, range) -> deps.append(deps.length() == 0 ? "" : ",")
                .append('"')
                .append(dep)
                .append("\":\"")
                .append(range)
                .append('"'));
        Files.writeString(
                dir.resolve("package.json"),
                "{\"name\":\"" + name + "\",\"version\":\"" + version
                        + "\",\"description\":\"" + name
                        + " for the Enseada npm test\",\"main\":\"index.js\",\"license\":\"MIT\","
                        + "\"dependencies\":{" + deps + "}}");
        Files.writeString(dir.resolve("index.js"), "module.exports = '" + name + "';\n");
        return dir;
    }

    private void version(Path dir, String version) throws IOException {
        assertOk(npm(dir, "version", version, "--no-git-tag-version"));
    }

    private static String installedVersion(Path app, String name) throws IOException {
        return TestPackages.JSON
                .readTree(app.resolve("node_modules")
                        .resolve(name)
                        .resolve("package.json")
                        .toFile())
                .path("version")
                .asText();
    }

    private Run npm(Path dir, String... args) {
        return npmWith(npmrc, dir, args);
    }

    private Run npmWith(Path userconfig, Path dir, String... args) {
        ProcessBuilder builder = new ProcessBuilder(npmCommand(userconfig, args))
                .directory(dir.toFile())
                .redirectErrorStream(true);
        environment(builder);
        try {
            Process process = builder.start();
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            Thread pump = new Thread(() -> {
                try (InputStream in = process.getInputStream()) {
                    in.transferTo(output);
                } catch (IOException e) {
                    // the process ended
                }
            });
            pump.start();
            if (!process.waitFor(TIMEOUT.seconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("npm " + String.join(" ", args) + " timed out:\n" + output);
            }
            pump.join();
            return new Run(process.exitValue(), output.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private List<String> npmCommand(Path userconfig, String... args) {
        List<String> command = new ArrayList<>(List.of(
                "npm",
                "--userconfig",
                userconfig.toString(),
                "--cache",
                work.resolve("cache").toString(),
                "--no-update-notifier",
                "--no-fund",
                "--color=false"));
        command.addAll(List.of(args));
        return command;
    }

    private void environment(ProcessBuilder builder) {
        builder.environment().keySet().removeIf(key -> key.toLowerCase().startsWith("npm_config_"));
        builder.environment().put("HOME", work.resolve("home").toString());
        builder.environment()
                .put(
                        "npm_config_globalconfig",
                        work.resolve("home").resolve("globalnpmrc").toString());
    }

    private static void assertOk(Run run) {
        assertThat(run.exit()).as(run.output()).isZero();
    }

    private static JsonNode json(Run run) throws IOException {
        assertOk(run);
        return TestPackages.JSON.readTree(run.output());
    }
}
