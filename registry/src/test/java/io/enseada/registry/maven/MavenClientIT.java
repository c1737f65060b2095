package io.enseada.registry.maven;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.registry.storage.GeneratedInputStream;
import io.enseada.registry.testing.Mvn;
import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.json.Json;
import io.enseada.shared.testing.HttpSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code mvn} on the machine against a running registry: a throwaway project deploys a
 * release (a jar of 20 MiB, as real libraries with resources have) and a snapshot twice, a consumer
 * in a fresh empty local repository resolves both with {@code checksumPolicy} fail, and everything
 * the server lists has checksums that match its bytes. Plugins come from the machine's
 * own ~/.m2 through a file mirror, so nothing but Enseada is reached.
 */
class MavenClientIT {
    private static final ObjectMapper JSON = Json.newMapper();
    private static final String GROUP_PATH = "com/example/it";
    private static final int PAYLOAD_SIZE = 20 * 1024 * 1024;

    @TempDir
    Path work;

    @Test
    void mvnDeploysAndResolvesReleasesAndSnapshots() throws Exception {
        try (TestRegistry registry = TestRegistry.start(work.resolve("data"), TestRegistry.settings())) {
            String url = registry.url() + "/maven/";
            Path settings = settings(work.resolve("settings.xml"));
            Path producerRepository = work.resolve("producer-m2");

            Path release = project(work.resolve("lib"), "demo-lib", "1.0", url, "release build", List.of());
            try (InputStream payload = new GeneratedInputStream(20, PAYLOAD_SIZE)) {
                Files.copy(payload, release.resolve("src/main/resources/payload.bin"));
            }
            assertSucceeded(mvn(release, settings, producerRepository, "deploy"));
            byte[] builtJar = Files.readAllBytes(release.resolve("target/demo-lib-1.0.jar"));
            assertThat(builtJar.length).as("size of the built jar").isGreaterThan(PAYLOAD_SIZE);
            Path snapshot =
                    project(work.resolve("app"), "demo-app", "2.0-SNAPSHOT", url, "snapshot build 1", List.of());
            assertSucceeded(mvn(snapshot, settings, producerRepository, "deploy"));
            project(snapshot, "demo-app", "2.0-SNAPSHOT", url, "snapshot build 2", List.of());
            assertSucceeded(mvn(snapshot, settings, producerRepository, "deploy"));

            // Releases are immutable: a second deploy of 1.0 fails and the stored jar stays the same.
            HttpSession admin = new HttpSession(registry.url()).basic("admin", TestRegistry.ADMIN_PASSWORD);
            String releaseJar = "/maven/maven-releases/" + GROUP_PATH + "/demo-lib/1.0/demo-lib-1.0.jar";
            byte[] deployedJar = admin.get(releaseJar).bytes();
            assertThat(deployedJar)
                    .as("the jar the registry serves is the jar mvn built")
                    .isEqualTo(builtJar);
            project(release, "demo-lib", "1.0", url, "release build changed", List.of());
            Mvn.Run redeploy = mvn(release, settings, producerRepository, "deploy");
            assertThat(redeploy.exit()).isNotZero();
            assertThat(redeploy.output())
                    .contains("409")
                    .as("the reason phrase, all mvn shows of the server's answer")
                    .contains("release com.example.it:demo-lib:1.0 is immutable");
            assertThat(admin.get(releaseJar).bytes()).isEqualTo(deployedJar);

            // The server's metadata lists what was deployed.
            assertThat(admin.get("/maven/maven-releases/" + GROUP_PATH + "/demo-lib/maven-metadata.xml")
                            .text())
                    .contains("<release>1.0</release>", "<version>1.0</version>");
            assertThat(admin.get("/maven/maven-snapshots/" + GROUP_PATH + "/demo-app/maven-metadata.xml")
                            .text())
                    .contains("<version>2.0-SNAPSHOT</version>");
            String snapshotMetadata = admin.get(
                            "/maven/maven-snapshots/" + GROUP_PATH + "/demo-app/2.0-SNAPSHOT/maven-metadata.xml")
                    .text();
            assertThat(snapshotMetadata)
                    .contains(
                            "<buildNumber>2</buildNumber>", "<extension>jar</extension>", "<extension>pom</extension>");

            // A consumer with a fresh, empty local repository resolves the release and the newest snapshot build;
            // its repositories have checksumPolicy fail (not -C, which would also hold the checksum-less plugin mirror
            // to it).
            Path consumerRepository = work.resolve("consumer-m2");
            Path consumer = project(
                    work.resolve("consumer"),
                    "demo-consumer",
                    "1.0",
                    url,
                    "consumer",
                    List.of("demo-lib:1.0", "demo-app:2.0-SNAPSHOT"));
            assertSucceeded(mvn(consumer, settings, consumerRepository, "compile"));
            assertThat(Files.readAllBytes(consumerRepository.resolve(GROUP_PATH + "/demo-lib/1.0/demo-lib-1.0.jar")))
                    .as("the jar mvn resolved is the jar mvn built")
                    .isEqualTo(builtJar);
            Path resolvedSnapshot;
            try (Stream<Path> files = Files.list(consumerRepository.resolve(GROUP_PATH + "/demo-app/2.0-SNAPSHOT"))) {
                resolvedSnapshot = files.filter(
                                file -> file.getFileName().toString().matches("demo-app-2\\.0-\\d{8}\\.\\d{6}-2\\.jar"))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("build 2 of demo-app was not resolved"));
            }
            assertThat(marker(resolvedSnapshot)).isEqualTo("snapshot build 2");

            // Every file the server lists has checksums that match its bytes.
            int checked = 0;
            for (String repository : List.of("maven-releases", "maven-snapshots")) {
                checked += assertChecksums(admin, "/maven/" + repository + "/" + GROUP_PATH + "/");
            }
            assertThat(checked).isGreaterThanOrEqualTo(9);
        }
    }

    @Test
    void aReaderResolvesButCannotDeploy() throws Exception {
        try (TestRegistry registry = TestRegistry.start(work.resolve("data"), TestRegistry.settings())) {
            String url = registry.url() + "/maven/";
            assertThat(registry.admin()
                            .post("/api/v1/users", Map.of("name", "reader", "password", "reader-password"))
                            .status())
                    .isEqualTo(201);
            assertThat(registry.admin()
                            .post(
                                    "/api/v1/policies",
                                    Map.of(
                                            "name",
                                            "readers",
                                            "subjects",
                                            List.of("user:reader"),
                                            "rules",
                                            List.of(Map.of(
                                                    "repositories", List.of("maven-*"), "actions", List.of("read")))))
                            .status())
                    .isEqualTo(201);
            Path adminSettings = settings(work.resolve("admin-settings.xml"));
            Path readerSettings = settings(work.resolve("reader-settings.xml"), "reader", "reader-password");
            Path library = project(work.resolve("lib"), "shared-lib", "3.0", url, "shared", List.of());
            assertSucceeded(mvn(library, adminSettings, work.resolve("admin-m2"), "deploy"));

            Path refused = project(work.resolve("refused"), "refused-lib", "1.0", url, "refused", List.of());
            Mvn.Run deploy = mvn(refused, readerSettings, work.resolve("reader-m2"), "deploy");
            assertThat(deploy.exit()).isNotZero();
            assertThat(deploy.output()).contains("403");
            assertThat(registry.admin()
                            .get("/maven/maven-releases/" + GROUP_PATH + "/refused-lib/1.0/refused-lib-1.0.jar")
                            .status())
                    .isEqualTo(404);

            Path consumer = project(
                    work.resolve("consumer"), "reader-consumer", "1.0", url, "consumer", List.of("shared-lib:3.0"));
            assertSucceeded(mvn(consumer, readerSettings, work.resolve("reader-m2"), "compile"));
            assertThat(marker(work.resolve("reader-m2").resolve(GROUP_PATH + "/shared-lib/3.0/shared-lib-3.0.jar")))
                    .isEqualTo("shared");
        }
    }

    private static int assertChecksums(HttpSession http, String directory) {
        JsonNode listing = read(http.get(directory, "Accept", "application/json"));
        int files = 0;
        for (JsonNode entry : listing.get("entries")) {
            String path = directory + entry.get("name").asText();
            if (entry.get("type").asText().equals("directory")) {
                files += assertChecksums(http, path + "/");
                continue;
            }
            Checksums expected = Checksums.of(http.get(path).bytes());
            for (ChecksumAlgorithm algorithm : ChecksumAlgorithm.values()) {
                assertThat(http.get(path + "." + algorithm.extension()).text())
                        .as(path + " " + algorithm)
                        .isEqualTo(expected.get(algorithm));
            }
            files++;
        }
        return files;
    }

    private static JsonNode read(HttpSession.Response response) {
        try {
            return JSON.readTree(response.bytes());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.text(), e);
        }
    }

    private static String marker(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return new String(zip.getInputStream(zip.getEntry("marker.txt")).readAllBytes(), StandardCharsets.UTF_8)
                    .trim();
        }
    }

    private static Path settings(Path file) throws IOException {
        return settings(file, "admin", TestRegistry.ADMIN_PASSWORD);
    }

    private static Path settings(Path file, String user, String password) throws IOException {
        String plugins = Mvn.pluginsMirror();
        StringBuilder servers = new StringBuilder();
        for (String id : List.of("enseada-releases", "enseada-snapshots")) {
            servers.append("<server><id>")
                    .append(id)
                    .append("</id><username>")
                    .append(user)
                    .append("</username><password>")
                    .append(password)
                    .append("</password></server>");
        }
        Files.writeString(file, """
                <settings>
                  <servers>%s</servers>
                  <mirrors>
                    <mirror><id>machine-plugins</id><mirrorOf>central</mirrorOf><url>%s</url></mirror>
                  </mirrors>
                </settings>
                """.formatted(servers, plugins));
        return file;
    }

    /** Writes (or rewrites) a jar project whose jar carries {@code marker}; dependencies are {@code artifactId:version} in the group. */
    private static Path project(
            Path dir, String artifactId, String version, String url, String marker, List<String> dependencies)
            throws IOException {
        Files.createDirectories(dir.resolve("src/main/resources"));
        Files.writeString(dir.resolve("src/main/resources/marker.txt"), marker);
        StringBuilder deps = new StringBuilder();
        for (String dependency : dependencies) {
            String[] parts = dependency.split(":");
            deps.append("<dependency><groupId>com.example.it</groupId><artifactId>")
                    .append(parts[0])
                    .append("</artifactId><version>")
                    .append(parts[1])
                    .append("</version></dependency>");
        }
        Files.writeString(dir.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.example.it</groupId>
                  <artifactId>%s</artifactId>
                  <version>%s</version>
                  <properties>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                    <maven.compiler.release>17</maven.compiler.release>
                  </properties>
                  <dependencies>%s</dependencies>
                  <repositories>
                    <repository>
                      <id>enseada-releases</id><url>%smaven-releases/</url>
                      <releases><checksumPolicy>fail</checksumPolicy></releases><snapshots><enabled>false</enabled></snapshots>
                    </repository>
                    <repository>
                      <id>enseada-snapshots</id><url>%smaven-snapshots/</url>
                      <releases><enabled>false</enabled></releases>
                      <snapshots><updatePolicy>always</updatePolicy><checksumPolicy>fail</checksumPolicy></snapshots>
                    </repository>
                  </repositories>
                  <distributionManagement>
                    <repository><id>enseada-releases</id><url>%smaven-releases/</url></repository>
                    <snapshotRepository><id>enseada-snapshots</id><url>%smaven-snapshots/</url></snapshotRepository>
                  </distributionManagement>
                  <build>
                    <pluginManagement>
                      <plugins>
                        <plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
                        <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.14.0</version></plugin>
                        <plugin><artifactId>maven-surefire-plugin</artifactId><version>3.5.3</version></plugin>
                        <plugin><artifactId>maven-jar-plugin</artifactId><version>3.4.2</version></plugin>
                        <plugin><artifactId>maven-install-plugin</artifactId><version>3.1.4</version></plugin>
                        <plugin><artifactId>maven-deploy-plugin</artifactId><version>3.1.4</version></plugin>
                      </plugins>
                    </pluginManagement>
                  </build>
                </project>
                """.formatted(artifactId, version, deps, url, url, url, url));
        return dir;
    }

    private static Mvn.Run mvn(Path project, Path settings, Path localRepository, String... goals) throws Exception {
        return Mvn.run(project, settings, localRepository, goals);
    }

    private static void assertSucceeded(Mvn.Run run) {
        assertThat(run.exit()).as("mvn failed:%n%s", run.output()).isZero();
    }
}
