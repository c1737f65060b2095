package io.enseada.registry.maven;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.enseada.registry.testing.Mvn;
import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.testing.HttpSession;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the web UI shows of Maven repositories, after the real {@code mvn deploy:deploy-file} put a
 * release (a 1 MiB jar and its pom) and a snapshot twice: one package per artifact, its versions
 * newest first, each file with the sha1 of its real bytes and a path that downloads them, no
 * checksum file listed, search by artifactId, and a path-limited reader who sees only the artifact
 * its policy names.
 */
class MavenBrowseIT {
    private static final String GROUP = "com.example.browse";
    private static final String GROUP_PATH = "com/example/browse";
    private static final int JAR_SIZE = 1024 * 1024;

    @TempDir
    Path work;

    @Test
    void deployedArtifactsListWithTheirVersionsFilesAndChecksums() throws Exception {
        try (TestRegistry registry = TestRegistry.start(work.resolve("data"), TestRegistry.settings())) {
            Path settings = Mvn.settings(work.resolve("settings.xml"), "admin", TestRegistry.ADMIN_PASSWORD);
            Path local = work.resolve("m2");
            String url = registry.url() + "/maven/";
            Instant before = Instant.now();

            Path releaseJar = jar(work.resolve("browse-lib.jar"), 1);
            deploy(settings, local, url + "maven-releases", releaseJar, "browse-lib", "1.0");
            Path firstBuild = jar(work.resolve("browse-app-1.jar"), 2);
            deploy(settings, local, url + "maven-snapshots", firstBuild, "browse-app", "2.0-SNAPSHOT");
            Path secondBuild = jar(work.resolve("browse-app-2.jar"), 3);
            deploy(settings, local, url + "maven-snapshots", secondBuild, "browse-app", "2.0-SNAPSHOT");
            HttpSession admin = registry.admin();

            // The listing: one package per artifact, with what the detail adds up to.
            JsonNode listing = ok(admin.get("/api/v1/repositories/maven-releases/packages"));
            assertThat(listing.path("total").asInt()).isEqualTo(1);
            JsonNode lib = listing.path("items").get(0);
            assertThat(lib.path("name").asText()).isEqualTo(GROUP + ":browse-lib");
            assertThat(lib.path("latest").asText()).isEqualTo("1.0");
            assertThat(lib.path("versions").asInt()).isEqualTo(1);
            assertThat(Instant.parse(lib.path("updated").asText())).isAfter(before);

            // The release's detail: its jar and its generated pom, each downloadable, each with its real sha1.
            JsonNode detail = ok(admin.get("/api/v1/repositories/maven-releases/packages/" + GROUP + ":browse-lib"));
            assertThat(detail.path("groupId").asText()).isEqualTo(GROUP);
            assertThat(detail.path("artifactId").asText()).isEqualTo("browse-lib");
            assertThat(detail.path("release").asText()).isEqualTo("1.0");
            assertThat(detail.path("versions")).hasSize(1);
            JsonNode release = detail.path("versions").get(0);
            assertThat(release.path("version").asText()).isEqualTo("1.0");
            assertThat(release.path("snapshot").asBoolean()).isFalse();
            assertThat(names(release)).containsExactly("browse-lib-1.0.jar", "browse-lib-1.0.pom");
            JsonNode jarEntry = release.path("files").get(0);
            assertThat(jarEntry.path("path").asText()).isEqualTo(GROUP_PATH + "/browse-lib/1.0/browse-lib-1.0.jar");
            assertThat(jarEntry.path("size").asLong()).isEqualTo(Files.size(releaseJar));
            assertThat(jarEntry.path("sha1").asText()).isEqualTo(sha1(Files.readAllBytes(releaseJar)));
            long total = 0;
            for (JsonNode file : release.path("files")) {
                byte[] served = admin.get(
                                "/maven/maven-releases/" + file.path("path").asText())
                        .bytes();
                assertThat(file.path("sha1").asText()).as(file.toString()).isEqualTo(sha1(served));
                assertThat(file.path("sha256").asText()).as(file.toString()).isEqualTo(sha256(served));
                assertThat(file.path("size").asLong()).isEqualTo(served.length);
                total += served.length;
            }
            assertThat(admin.get("/maven/maven-releases/"
                                    + jarEntry.path("path").asText())
                            .bytes())
                    .isEqualTo(Files.readAllBytes(releaseJar));
            assertThat(lib.path("bytes").asLong())
                    .as("the listing's bytes are the files', checksum files not counted")
                    .isEqualTo(total);

            // The snapshot: one version, 2.0-SNAPSHOT, listing both builds' timestamped files, newest build first.
            JsonNode snapshots = ok(admin.get("/api/v1/repositories/maven-snapshots/packages"));
            JsonNode app = snapshots.path("items").get(0);
            assertThat(app.path("name").asText()).isEqualTo(GROUP + ":browse-app");
            assertThat(app.path("latest").asText()).isEqualTo("2.0-SNAPSHOT");
            assertThat(app.path("versions").asInt()).isEqualTo(1);
            JsonNode appDetail =
                    ok(admin.get("/api/v1/repositories/maven-snapshots/packages/" + GROUP + ":browse-app"));
            assertThat(appDetail.path("release").isNull()).isTrue();
            JsonNode snapshot = appDetail.path("versions").get(0);
            assertThat(snapshot.path("version").asText()).isEqualTo("2.0-SNAPSHOT");
            assertThat(snapshot.path("snapshot").asBoolean()).isTrue();
            List<String> files = names(snapshot);
            assertThat(files).hasSize(4);
            assertThat(files.get(0)).matches("browse-app-2\\.0-\\d{8}\\.\\d{6}-2\\.jar");
            assertThat(files.get(1)).matches("browse-app-2\\.0-\\d{8}\\.\\d{6}-2\\.pom");
            assertThat(files.get(2)).matches("browse-app-2\\.0-\\d{8}\\.\\d{6}-1\\.jar");
            assertThat(files.get(3)).matches("browse-app-2\\.0-\\d{8}\\.\\d{6}-1\\.pom");
            assertThat(snapshot.path("files").get(0).path("sha1").asText())
                    .isEqualTo(sha1(Files.readAllBytes(secondBuild)));
            assertThat(snapshot.path("files").get(2).path("sha1").asText())
                    .isEqualTo(sha1(Files.readAllBytes(firstBuild)));
            assertThat(admin.get("/maven/maven-snapshots/"
                                    + snapshot.path("files").get(2).path("path").asText())
                            .bytes())
                    .isEqualTo(Files.readAllBytes(firstBuild));

            // Search finds an artifact by its artifactId, in the repository that holds it.
            JsonNode hits = ok(admin.get("/api/v1/search?q=browse-lib")).path("items");
            assertThat(hits).hasSize(1);
            assertThat(hits.get(0).path("repository").asText()).isEqualTo("maven-releases");
            assertThat(hits.get(0).path("item").path("name").asText()).isEqualTo(GROUP + ":browse-lib");
            assertThat(ok(admin.get("/api/v1/search?q=browse")).path("items")).hasSize(2);

            // A group holds nothing of its own; an artifact that is not there is a 404.
            assertThat(admin.get("/api/v1/repositories/maven-releases/packages/" + GROUP + ":nothing")
                            .status())
                    .isEqualTo(404);
            assertThat(admin.get("/api/v1/repositories/maven-releases/packages/not-a-coordinate")
                            .status())
                    .isEqualTo(404);

            // A reader limited to one artifact's files sees that artifact, and not the other.
            HttpSession reader = limitedReader(registry, GROUP_PATH + "/browse-lib/**");
            assertThat(reader.get("/maven/maven-releases/"
                                    + jarEntry.path("path").asText())
                            .status())
                    .isEqualTo(200);
            assertThat(ok(reader.get("/api/v1/repositories/maven-releases/packages"))
                            .path("total")
                            .asInt())
                    .isEqualTo(1);
            assertThat(ok(reader.get("/api/v1/repositories/maven-snapshots/packages"))
                            .path("total")
                            .asInt())
                    .isZero();
            assertThat(reader.get("/api/v1/repositories/maven-snapshots/packages/" + GROUP + ":browse-app")
                            .status())
                    .isEqualTo(404);
            assertThat(ok(reader.get("/api/v1/search?q=browse")).path("items")).hasSize(1);
        }
    }

    private static HttpSession limitedReader(TestRegistry registry, String path) {
        assertThat(registry.admin()
                        .post("/api/v1/users", Map.of("name", "reader", "password", "reader-password"))
                        .status())
                .isEqualTo(201);
        assertThat(registry.admin()
                        .post(
                                "/api/v1/policies",
                                Map.of(
                                        "name",
                                        "one-artifact",
                                        "subjects",
                                        List.of("user:reader"),
                                        "rules",
                                        List.of(Map.of(
                                                "repositories",
                                                List.of("maven-*"),
                                                "paths",
                                                List.of(path),
                                                "actions",
                                                List.of("read")))))
                        .status())
                .isEqualTo(201);
        return registry.anonymous().basic("reader", "reader-password");
    }

    private void deploy(Path settings, Path local, String url, Path jar, String artifactId, String version)
            throws Exception {
        Mvn.Run run = Mvn.run(
                work,
                settings,
                local,
                "org.apache.maven.plugins:maven-deploy-plugin:3.1.4:deploy-file",
                "-Dfile=" + jar,
                "-DgroupId=" + GROUP,
                "-DartifactId=" + artifactId,
                "-Dversion=" + version,
                "-Dpackaging=jar",
                "-DgeneratePom=true",
                "-DrepositoryId=enseada",
                "-Durl=" + url);
        assertThat(run.exit()).as(run.output()).isZero();
    }

    /** A real jar: a manifest, a class-like entry and 1 MiB of stored (incompressible) resources. */
    private static Path jar(Path file, long seed) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        byte[] resource = new byte[JAR_SIZE];
        new Random(seed).nextBytes(resource);
        try (OutputStream out = Files.newOutputStream(file);
                JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.putNextEntry(new JarEntry("com/example/browse/Marker.txt"));
            jar.write(("build " + seed).getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
            jar.putNextEntry(new JarEntry("data/payload.bin"));
            jar.write(resource);
            jar.closeEntry();
        }
        return file;
    }

    private static JsonNode ok(HttpSession.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private static List<String> names(JsonNode version) {
        List<String> names = new ArrayList<>();
        version.path("files").forEach(file -> names.add(file.path("name").asText()));
        return names;
    }

    private static String sha1(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
