package io.enseada.registry.npm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.testing.Cli;
import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.testing.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code retention.versionsOlderThan} as an administrator and npm users meet it, run once per
 * backend pair by a subclass: versions published with the real npm CLI, the dry run's report, the
 * real run, then what {@code npm view} and {@code npm install} see and which tarballs the
 * collection freed. Publishing always stamps the current time, so the test ages the versions by
 * rewriting their {@code time} in the metadata store, as if they had been published 100 days ago.
 */
abstract class NpmRetentionContract {
    static final String REPOSITORIES = """
            repositories:
              - {name: ret-npm, format: npm, retention: {versionsOlderThan: P30D}}
            """;
    private static final String CREDS = "admin:" + TestRegistry.ADMIN_PASSWORD;
    private static final int MIB = 1 << 20;

    @TempDir
    Path work;

    /** The settings of the registry under test: its repositories in a file in {@code dir}, no grace period. */
    static Map<String, String> settings(Path dir) throws IOException {
        Path config = Files.writeString(Files.createDirectories(dir).resolve("enseada.yaml"), REPOSITORIES);
        return Map.of("ENSEADA_GC_GRACE_PERIOD", "PT0S", "ENSEADA_CONFIG", config.toString());
    }

    abstract TestRegistry registry();

    /** Whether the blob store still holds the blob. */
    abstract boolean stored(String digest);

    HttpSession admin() {
        return registry().admin().withTimeout(Duration.ofMinutes(2));
    }

    @Test
    void npmUnpublishOfAVersionFreesItsTarballAtTheNextCollection() throws Exception {
        Path npmrc = npmrc();
        for (String version : List.of("1.0.0", "1.1.0")) {
            Cli.Result published = npm(npmrc, pkg("ret-gone", version, MIB, 10 + version.length()), "publish");
            assertThat(published.exit()).as(published.output()).isZero();
        }
        Map<String, Tarball> tarballs = tarballs(NpmDocumentIds.packument("ret-npm", NpmPackageName.parse("ret-gone")));

        Cli.Result unpublished = npm(npmrc, work, "unpublish", "ret-gone@1.0.0", "--force");

        assertThat(unpublished.exit()).as(unpublished.output()).isZero();
        JsonNode run = collect(false);
        assertThat(freed(run)).containsEntry(tarballs.get("1.0.0").digest, tarballs.get("1.0.0").size);
        assertThat(stored(tarballs.get("1.0.0").digest)).isFalse();
        assertThat(stored(tarballs.get("1.1.0").digest)).isTrue();
        assertThat(retention(run, "ret-npm").path("removed").asInt())
                .as("a version published now is young")
                .isZero();
    }

    @Test
    void oldUntaggedVersionsAreRemovedTheirTarballsFreedAndNpmStillInstallsLatest() throws Exception {
        Path npmrc = npmrc();
        List<String> versions = List.of("1.0.0", "1.1.0", "1.2.0", "2.0.0");
        for (int i = 0; i < versions.size(); i++) {
            Cli.Result published = npm(npmrc, pkg("ret-app", versions.get(i), MIB, i), "publish");
            assertThat(published.exit()).as(published.output()).isZero();
        }
        Cli.Result tagged = npm(npmrc, work, "dist-tag", "add", "ret-app@1.1.0", "lts");
        assertThat(tagged.exit()).as(tagged.output()).isZero();
        String id = NpmDocumentIds.packument("ret-npm", NpmPackageName.parse("ret-app"));
        String longAgo = Instant.now().minus(Duration.ofDays(100)).toString();
        registry().documents().update(id, body -> {
            ObjectNode time = (ObjectNode) body.path("time");
            List.of("1.0.0", "1.1.0", "1.2.0").forEach(version -> time.put(version, longAgo));
            return body;
        });
        Map<String, Tarball> tarballs = tarballs(id);
        Tarball first = tarballs.get("1.0.0");
        Tarball third = tarballs.get("1.2.0");

        JsonNode preview = collect(true);

        JsonNode planned = retention(preview, "ret-npm");
        assertThat(planned.path("removed").asInt()).as("%s", preview).isEqualTo(1);
        assertThat(planned.path("items").get(0).path("kind").asText()).isEqualTo("version");
        assertThat(planned.path("items").get(0).path("item").asText()).isEqualTo("ret-app@1.0.0, 1.2.0");
        assertThat(planned.path("items").get(0).path("reason").asText()).startsWith("versionsOlderThan P30D");
        assertThat(freed(preview))
                .as("the dry run frees exactly the removed versions' tarballs: %s", preview)
                .isEqualTo(Map.of(first.digest, first.size, third.digest, third.size));
        assertThat(preview.path("freedBytes").asLong()).isEqualTo(first.size + third.size);
        assertThat(preview.path("byRepository"))
                .as("the bytes are the repository's whose retention frees them: %s", preview)
                .anySatisfy(entry -> {
                    assertThat(entry.path("repository").asText()).isEqualTo("ret-npm");
                    assertThat(entry.path("bytes").asLong()).isEqualTo(first.size + third.size);
                });
        assertThat(admin().get("/npm/ret-npm/ret-app/-/ret-app-1.0.0.tgz").status())
                .as("a dry run removes nothing")
                .isEqualTo(200);

        JsonNode run = collect(false);

        assertThat(retention(run, "ret-npm").path("items").get(0).path("item").asText())
                .isEqualTo("ret-app@1.0.0, 1.2.0");
        assertThat(freed(run)).isEqualTo(freed(preview));
        assertThat(stored(first.digest)).as("1.0.0's tarball").isFalse();
        assertThat(stored(third.digest)).as("1.2.0's tarball").isFalse();
        assertThat(stored(tarballs.get("1.1.0").digest))
                .as("the lts version's tarball")
                .isTrue();
        assertThat(stored(tarballs.get("2.0.0").digest)).as("latest's tarball").isTrue();
        assertThat(admin().get("/npm/ret-npm/ret-app/-/ret-app-1.0.0.tgz").status())
                .isEqualTo(404);
        Cli.Result view = npm(npmrc, work, "view", "ret-app", "versions", "--json", "--prefer-online");
        assertThat(view.exit()).as(view.output()).isZero();
        assertThat(view.output()).contains("\"1.1.0\"", "\"2.0.0\"").doesNotContain("\"1.0.0\"", "\"1.2.0\"");
        Path project = Files.createDirectories(work.resolve("project"));
        Files.writeString(project.resolve("package.json"), "{\"name\":\"consumer\",\"version\":\"1.0.0\"}");
        Cli.Result install = npm(npmrc, project, "install", "ret-app@latest", "--prefer-online");
        assertThat(install.exit()).as(install.output()).isZero();
        assertThat(Files.readString(project.resolve("node_modules/ret-app/package.json")))
                .contains("\"version\":\"2.0.0\"");
        assertThat(retention(collect(true), "ret-npm").path("removed").asInt())
                .as("nothing left to remove")
                .isZero();
    }

    // ------------------------------------------------------------------------------------------

    private Path npmrc() throws IOException {
        return Files.writeString(
                work.resolve("npmrc"),
                "registry=http://127.0.0.1:" + registry().port() + "/npm/ret-npm/\n//127.0.0.1:"
                        + registry().port() + "/npm/ret-npm/:_auth="
                        + Base64.getEncoder().encodeToString(CREDS.getBytes(StandardCharsets.UTF_8)) + "\n");
    }

    private record Tarball(String digest, long size) {}

    /** The stored blob of each version's tarball, as the packument document records it. */
    private Map<String, Tarball> tarballs(String id) {
        Map<String, Tarball> byVersion = new HashMap<>();
        registry()
                .documents()
                .get(id)
                .orElseThrow()
                .body()
                .path("tarballs")
                .forEach(entry -> byVersion.put(
                        entry.path("version").asText(),
                        new Tarball(
                                entry.path("digest").asText(),
                                entry.path("size").asLong())));
        return byVersion;
    }

    JsonNode collect(boolean dryRun) {
        HttpSession.Response response = admin().post("/api/v1/maintenance/gc", Map.of("dryRun", dryRun));
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json();
    }

    private static JsonNode retention(JsonNode report, String repository) {
        for (JsonNode entry : report.path("retention")) {
            if (repository.equals(entry.path("repository").asText())) {
                return entry;
            }
        }
        throw new AssertionError("no retention entry for " + repository + " in " + report);
    }

    /** The blobs a report frees, by digest (its ten largest: more than this test ever frees). */
    private static Map<String, Long> freed(JsonNode report) {
        Map<String, Long> freed = new HashMap<>();
        report.path("largest")
                .forEach(item -> freed.put(
                        item.path("digest").asText(), item.path("size").asLong()));
        return freed;
    }

    /** A package whose tarball is about {@code size} bytes: random content does not compress. */
    private Path pkg(String name, String version, int size, long seed) throws IOException {
        Path dir = Files.createDirectories(work.resolve("npm-" + name + "-" + version));
        Files.writeString(
                dir.resolve("package.json"),
                "{\"name\":\"" + name + "\",\"version\":\"" + version
                        + "\",\"license\":\"MIT\",\"main\":\"index.js\"}");
        Files.writeString(dir.resolve("index.js"), "module.exports = '" + version + "';\n");
        byte[] payload = new byte[size];
        new Random(seed).nextBytes(payload);
        Files.write(dir.resolve("payload.bin"), payload);
        return dir;
    }

    private Cli.Result npm(Path npmrc, Path dir, String... args) {
        return Cli.npm(work, npmrc, dir, args);
    }
}
