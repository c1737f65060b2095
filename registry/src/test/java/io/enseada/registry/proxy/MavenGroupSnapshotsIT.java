package io.enseada.registry.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.enseada.registry.testing.Mvn;
import io.enseada.registry.testing.Nginx;
import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.testing.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * One SNAPSHOT version published both by a hosted member of a group and by its proxied upstream:
 * the real {@code mvn -U} resolves, through the group with {@code checksumPolicy=fail}, the build
 * that was published last, whichever member has it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MavenGroupSnapshotsIT {
    private static final Duration MAX_AGE = Duration.ofSeconds(3);
    private static final String GROUP_ID = "org.example.shared";
    private static final String ARTIFACT = "util";
    private static final String VERSION = "1.0-SNAPSHOT";
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMdd.HHmmss");
    private static final DateTimeFormatter UPDATED = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    @TempDir
    static Path dir;

    private Nginx upstream;
    private MavenLayout layout;
    private TestRegistry registry;
    private HttpSession admin;

    @BeforeAll
    void start() throws IOException {
        layout = new MavenLayout(dir.resolve("upstream"));
        publishUpstream(ZonedDateTime.now(ZoneOffset.UTC).minusDays(30), 7, "upstream-old");
        upstream = Nginx.serve(dir.resolve("upstream"), dir.resolve("nginx"));
        Path config = dir.resolve("enseada.yaml");
        Files.writeString(config, """
                repositories:
                  - {name: snapshots, format: maven, maven: {versionPolicy: snapshot}}
                  - name: upstream-snapshots
                    format: maven
                    kind: proxy
                    proxy: {url: "%s", metadataMaxAge: %s}
                  - {name: maven-all, format: maven, kind: group, group: {members: [snapshots, upstream-snapshots]}}
                """.formatted(upstream.url(), MAX_AGE));
        registry = TestRegistry.start(dir.resolve("data"), Map.of("ENSEADA_CONFIG", config.toString()));
        admin = registry.admin();
    }

    @AfterAll
    void stop() {
        registry.close();
        upstream.close();
    }

    @Test
    @Order(1)
    void theHostedBuildPublishedAfterTheUpstreamsIsTheOneMvnGets() throws Exception {
        String build = TIMESTAMP.format(ZonedDateTime.now(ZoneOffset.UTC)) + "-1";
        String base = "/maven/snapshots/" + GROUP_ID.replace('.', '/') + "/" + ARTIFACT + "/" + VERSION + "/";
        String file = ARTIFACT + "-" + VERSION.replace("SNAPSHOT", build);
        assertThat(admin.putContent(base + file + ".pom", MavenLayout.pom(GROUP_ID, ARTIFACT, VERSION))
                        .status())
                .isEqualTo(201);
        assertThat(admin.putContent(base + file + ".jar", MavenLayout.jar("hosted", 300_000))
                        .status())
                .isEqualTo(201);

        assertThat(resolvedMarker("m2-hosted")).isEqualTo("hosted");
    }

    @Test
    @Order(2)
    void aNewerUpstreamBuildWinsOnceTheProxyReChecksAfterMetadataMaxAge() throws Exception {
        publishUpstream(ZonedDateTime.now(ZoneOffset.UTC).plusMinutes(1), 8, "upstream-new");

        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> admin.get("/maven/maven-all/" + GROUP_ID.replace('.', '/') + "/" + ARTIFACT + "/" + VERSION
                                + "/maven-metadata.xml")
                        .text()
                        .contains("<buildNumber>8</buildNumber>"));
        assertThat(resolvedMarker("m2-upstream")).isEqualTo("upstream-new");
    }

    /** What {@code marker.txt} says in the jar a fresh {@code mvn -U} resolves through the group. */
    private String resolvedMarker(String localRepository) throws Exception {
        Path project = consumer(dir.resolve("consumer-" + localRepository));
        Mvn.Run run = Mvn.run(
                project,
                Mvn.settings(dir.resolve("settings.xml"), "admin", TestRegistry.ADMIN_PASSWORD),
                dir.resolve(localRepository),
                "-U",
                "dependency:resolve");
        assertThat(run.exit()).as("mvn failed:%n%s", run.output()).isZero();
        Path jar = dir.resolve(localRepository)
                .resolve(GROUP_ID.replace('.', '/'))
                .resolve(ARTIFACT)
                .resolve(VERSION)
                .resolve(ARTIFACT + "-" + VERSION + ".jar");
        try (var zip = new java.util.zip.ZipFile(jar.toFile())) {
            return new String(zip.getInputStream(zip.getEntry("marker.txt")).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A timestamped build of the snapshot at the upstream, with the version's metadata naming it. */
    private void publishUpstream(ZonedDateTime at, int buildNumber, String marker) throws IOException {
        Path versionDir = layout.versionDir(GROUP_ID, ARTIFACT, VERSION);
        String timestamp = TIMESTAMP.format(at);
        String value = VERSION.replace("SNAPSHOT", timestamp + "-" + buildNumber);
        String updated = UPDATED.format(at);
        layout.file(versionDir.resolve(ARTIFACT + "-" + value + ".jar"), MavenLayout.jar(marker, 400_000));
        layout.file(versionDir.resolve(ARTIFACT + "-" + value + ".pom"), MavenLayout.pom(GROUP_ID, ARTIFACT, VERSION));
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <metadata modelVersion="1.1.0">
                  <groupId>%s</groupId>
                  <artifactId>%s</artifactId>
                  <version>%s</version>
                  <versioning>
                    <snapshot><timestamp>%s</timestamp><buildNumber>%d</buildNumber></snapshot>
                    <lastUpdated>%s</lastUpdated>
                    <snapshotVersions>
                      <snapshotVersion><extension>jar</extension><value>%s</value><updated>%s</updated></snapshotVersion>
                      <snapshotVersion><extension>pom</extension><value>%s</value><updated>%s</updated></snapshotVersion>
                    </snapshotVersions>
                  </versioning>
                </metadata>
                """.formatted(
                        GROUP_ID, ARTIFACT, VERSION, timestamp, buildNumber, updated, value, updated, value, updated);
        layout.file(versionDir.resolve("maven-metadata.xml"), xml.getBytes(StandardCharsets.UTF_8));
    }

    private Path consumer(Path project) throws IOException {
        Files.createDirectories(project);
        Files.writeString(project.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.example.team</groupId>
                  <artifactId>app</artifactId>
                  <version>1.0</version>
                  <dependencies>
                    <dependency><groupId>%s</groupId><artifactId>%s</artifactId><version>%s</version></dependency>
                  </dependencies>
                  <repositories>
                    <repository>
                      <id>enseada</id><url>%smaven/maven-all/</url>
                      <releases><enabled>false</enabled></releases>
                      <snapshots><enabled>true</enabled><checksumPolicy>fail</checksumPolicy></snapshots>
                    </repository>
                  </repositories>
                </project>
                """.formatted(GROUP_ID, ARTIFACT, VERSION, registry.url() + "/"));
        return project;
    }
}
