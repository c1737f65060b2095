package io.enseada.registry.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.enseada.registry.testing.Mvn;
import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.testing.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's proof for Maven, once per backend pair: a snapshot repository with
 * {@code keepSnapshots: 5} gets 30 builds of {@code 1.0-SNAPSHOT} — the newest two deployed by
 * the real {@code mvn}, the older ones through the requests Maven sends (files, checksums, both
 * metadata files) — and a dry run lists exactly the 25 old builds and the bytes they free; the real
 * run removes them, the collection frees their bytes, and {@code mvn} still resolves the snapshot
 * to the latest build with its checksums checked.
 */
abstract class MavenRetentionContract {
    static final String REPOSITORY = "ret-snapshots";
    private static final String REPOSITORIES = """
            repositories:
              - name: ret-snapshots
                format: maven
                maven: {versionPolicy: snapshot}
                retention: {keepSnapshots: 5}
            """;
    private static final String GROUP = "com.example.retention";
    private static final String ARTIFACT = "app";
    private static final String VERSION = "1.0-SNAPSHOT";
    private static final String VERSION_DIR =
            "/maven/" + REPOSITORY + "/" + GROUP.replace('.', '/') + "/" + ARTIFACT + "/" + VERSION + "/";
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd.HHmmss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter UPDATED =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    private static final int JAR_SIZE = 512 * 1024;
    private static final int BY_HTTP = 28;
    private static final int BUILDS = 30;

    @TempDir
    Path work;

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
    void keepSnapshotsFiveOfThirtyBuildsRemovesTheTwentyFiveOldestAndMvnStillResolvesTheLatest() throws Exception {
        Map<Integer, Build> builds = new TreeMap<>();
        Instant first = Instant.now().minus(Duration.ofDays(40)).truncatedTo(ChronoUnit.SECONDS);
        // as four CI jobs would, each build's requests in Maven's order
        ExecutorService jobs = Executors.newFixedThreadPool(4);
        try {
            List<Future<Build>> deployed = new ArrayList<>();
            for (int n = 1; n <= BY_HTTP; n++) {
                int number = n;
                deployed.add(jobs.submit(() -> deployAsMavenDoes(number, first.plus(Duration.ofHours(number)))));
            }
            for (int n = 1; n <= BY_HTTP; n++) {
                builds.put(n, deployed.get(n - 1).get());
            }
        } finally {
            jobs.shutdownNow();
        }
        Path settings = Mvn.settings(work.resolve("settings.xml"), "admin", TestRegistry.ADMIN_PASSWORD);
        for (int n = BY_HTTP + 1; n <= BUILDS; n++) {
            builds.put(n, deployWithMvn(settings, n));
        }
        assertThat(builds.get(BUILDS).value()).endsWith("-" + BUILDS);
        List<Build> old =
                IntStream.rangeClosed(1, BUILDS - 5).mapToObj(builds::get).toList();
        long oldBytes =
                old.stream().mapToLong(b -> b.jar().length + b.pom().length).sum();
        Set<String> oldItems = new TreeSet<>(
                old.stream().map(b -> GROUP + ":" + ARTIFACT + ":" + b.value()).toList());

        JsonNode preview = collect(true);

        JsonNode planned = retention(preview);
        assertThat(planned.path("removed").asInt()).isEqualTo(25);
        assertThat(items(planned)).isEqualTo(oldItems);
        assertThat(planned.path("items").get(0).path("kind").asText()).isEqualTo("snapshot");
        assertThat(planned.path("items").get(0).path("reason").asText()).startsWith("keepSnapshots: ");
        assertThat(GarbageCollectionContract.share(preview, REPOSITORY, "maven"))
                .as("the dry run frees the old builds' jars and poms: %s", preview)
                .isEqualTo(List.of(2L * old.size(), oldBytes));
        assertThat(admin().get(VERSION_DIR + jarName(old.get(0))).status())
                .as("a dry run removes nothing")
                .isEqualTo(200);

        JsonNode run = collect(false);

        JsonNode applied = retention(run);
        assertThat(applied.path("removed").asInt()).isEqualTo(25);
        assertThat(applied.path("skipped").asInt()).isZero();
        assertThat(items(applied)).isEqualTo(oldItems);
        assertThat(GarbageCollectionContract.share(run, REPOSITORY, "maven"))
                .isEqualTo(List.of(2L * old.size(), oldBytes));

        List<String> kept = IntStream.rangeClosed(BUILDS - 4, BUILDS)
                .mapToObj(n -> builds.get(n).value())
                .toList();
        assertThat(listedBuilds()).as("the version's directory").containsExactlyInAnyOrderElementsOf(kept);
        HttpSession.Response metadata = admin().get(VERSION_DIR + "maven-metadata.xml");
        String latest = builds.get(BUILDS).value();
        assertThat(metadata.text())
                .contains("<buildNumber>" + BUILDS + "</buildNumber>")
                .contains("<value>" + latest + "</value>")
                .doesNotContain(old.get(old.size() - 1).value());
        assertThat(admin().get(VERSION_DIR + "maven-metadata.xml.sha1").text())
                .isEqualTo(hex("SHA-1", metadata.bytes()));
        for (Build gone : old) {
            assertThat(admin().get(VERSION_DIR + jarName(gone)).status())
                    .as(gone.value())
                    .isEqualTo(404);
            assertThat(admin().get(VERSION_DIR + jarName(gone) + ".sha1").status())
                    .isEqualTo(404);
            assertThat(stored(sha256(gone.jar())))
                    .as("the jar of %s", gone.value())
                    .isFalse();
        }
        assertThat(stored(sha256(builds.get(BUILDS - 4).jar()))).isTrue();

        Path resolved = resolveWithMvn(settings);
        assertThat(Files.readAllBytes(resolved)).isEqualTo(builds.get(BUILDS).jar());
        assertThat(retention(collect(true)).path("removed").asInt())
                .as("nothing left to remove")
                .isZero();
    }

    // ------------------------------------------------------------------------------------------

    /** A build as Maven's deploy sends it: jar and pom with their checksums, then both metadata files with theirs. */
    private Build deployAsMavenDoes(int n, Instant at) throws IOException {
        String value = "1.0-" + TIMESTAMP.format(at) + "-" + n;
        byte[] jar = GarbageCollectionContract.layer(JAR_SIZE, n);
        byte[] pom = ("""
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>%s</groupId>
                  <artifactId>%s</artifactId>
                  <version>%s</version>
                  <description>build %d</description>
                </project>
                """.formatted(GROUP, ARTIFACT, VERSION, n)).getBytes(StandardCharsets.UTF_8);
        Build build = new Build(value, jar, pom);
        put(VERSION_DIR + jarName(build), jar);
        put(VERSION_DIR + ARTIFACT + "-" + value + ".pom", pom);
        String updated = UPDATED.format(at);
        put(
                VERSION_DIR + "maven-metadata.xml",
                ("""
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
                                        GROUP,
                                        ARTIFACT,
                                        VERSION,
                                        TIMESTAMP.format(at),
                                        n,
                                        updated,
                                        value,
                                        updated,
                                        value,
                                        updated))
                        .getBytes(StandardCharsets.UTF_8));
        put(
                VERSION_DIR.substring(0, VERSION_DIR.length() - VERSION.length() - 1) + "maven-metadata.xml",
                ("""
                <?xml version="1.0" encoding="UTF-8"?>
                <metadata>
                  <groupId>%s</groupId>
                  <artifactId>%s</artifactId>
                  <versioning>
                    <latest>%s</latest>
                    <versions><version>%s</version></versions>
                    <lastUpdated>%s</lastUpdated>
                  </versioning>
                </metadata>
                """.formatted(GROUP, ARTIFACT, VERSION, VERSION, updated)).getBytes(StandardCharsets.UTF_8));
        return build;
    }

    /** A file and its .md5 and .sha1, as Maven uploads them. */
    private void put(String path, byte[] content) {
        assertThat(admin().putContent(path, content).status()).as(path).isEqualTo(201);
        for (String[] checksum : new String[][] {{"md5", "MD5"}, {"sha1", "SHA-1"}}) {
            HttpSession.Response sent = admin().putContent(path + "." + checksum[0], hex(checksum[1], content));
            assertThat(sent.status()).as(path + "." + checksum[0]).isIn(200, 201, 204);
        }
    }

    private Build deployWithMvn(Path settings, int n) throws Exception {
        Path dir = Files.createDirectories(work.resolve("deploy-" + n));
        byte[] jar = GarbageCollectionContract.layer(JAR_SIZE, n);
        Path file = Files.write(dir.resolve("app.jar"), jar);
        Mvn.Run run = Mvn.run(
                dir,
                settings,
                work.resolve("m2-deploy"),
                "org.apache.maven.plugins:maven-deploy-plugin:3.1.4:deploy-file",
                "-Dfile=" + file,
                "-DgroupId=" + GROUP,
                "-DartifactId=" + ARTIFACT,
                "-Dversion=" + VERSION,
                "-Dpackaging=jar",
                "-DrepositoryId=enseada",
                "-Durl=" + registry().url() + "/maven/" + REPOSITORY);
        assertThat(run.exit()).as("mvn deploy-file:%n%s", run.output()).isZero();
        String xml = admin().get(VERSION_DIR + "maven-metadata.xml").text();
        Matcher value = Pattern.compile("<extension>jar</extension>\\s*<value>([^<]+)</value>")
                .matcher(xml);
        assertThat(value.find()).as(xml).isTrue();
        byte[] pom = admin().get(VERSION_DIR + ARTIFACT + "-" + value.group(1) + ".pom")
                .bytes();
        return new Build(value.group(1), jar, pom);
    }

    /** The jar a fresh local repository gets for {@code 1.0-SNAPSHOT}, the repository's checksums enforced. */
    private Path resolveWithMvn(Path settings) throws Exception {
        Path project = Files.createDirectories(work.resolve("consumer"));
        Files.writeString(project.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.example.team</groupId>
                  <artifactId>consumer</artifactId>
                  <version>1.0</version>
                  <dependencies>
                    <dependency><groupId>%s</groupId><artifactId>%s</artifactId><version>%s</version></dependency>
                  </dependencies>
                  <repositories>
                    <repository>
                      <id>enseada</id><url>%s/maven/%s/</url>
                      <releases><enabled>false</enabled></releases>
                      <snapshots><enabled>true</enabled><checksumPolicy>fail</checksumPolicy></snapshots>
                    </repository>
                  </repositories>
                </project>
                """.formatted(
                        GROUP, ARTIFACT, VERSION, registry().url(), REPOSITORY));
        Path local = work.resolve("m2-consumer");
        Mvn.Run run = Mvn.run(project, settings, local, "-U", "dependency:resolve");
        assertThat(run.exit()).as("mvn dependency:resolve:%n%s", run.output()).isZero();
        return local.resolve(GROUP.replace('.', '/'))
                .resolve(ARTIFACT)
                .resolve(VERSION)
                .resolve(ARTIFACT + "-" + VERSION + ".jar");
    }

    private JsonNode collect(boolean dryRun) {
        HttpSession.Response response = admin().post("/api/v1/maintenance/gc", Map.of("dryRun", dryRun));
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json();
    }

    private static JsonNode retention(JsonNode report) {
        for (JsonNode entry : report.path("retention")) {
            if (REPOSITORY.equals(entry.path("repository").asText())) {
                assertThat(entry.path("error").isNull() || entry.path("error").isMissingNode())
                        .as("%s", entry)
                        .isTrue();
                return entry;
            }
        }
        throw new AssertionError("no retention of " + REPOSITORY + " in " + report);
    }

    private static Set<String> items(JsonNode retention) {
        return new TreeSet<>(StreamSupport.stream(retention.path("items").spliterator(), false)
                .map(item -> item.path("item").asText())
                .toList());
    }

    /** The builds whose files the version's directory lists. */
    private Set<String> listedBuilds() {
        JsonNode listing =
                admin().get(VERSION_DIR, "Accept", "application/json").json();
        Set<String> builds = new TreeSet<>();
        Pattern file = Pattern.compile(ARTIFACT + "-(1\\.0-\\d{8}\\.\\d{6}-\\d+)\\..*");
        List<String> names = new ArrayList<>();
        listing.path("entries").forEach(entry -> names.add(entry.path("name").asText()));
        for (String name : names) {
            Matcher matcher = file.matcher(name);
            if (matcher.matches()) {
                builds.add(matcher.group(1));
            }
        }
        return builds;
    }

    private static String jarName(Build build) {
        return ARTIFACT + "-" + build.value() + ".jar";
    }

    private static String sha256(byte[] bytes) {
        return "sha256:" + hex("SHA-256", bytes);
    }

    private static String hex(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Build(String value, byte[] jar, byte[] pom) {}
}
