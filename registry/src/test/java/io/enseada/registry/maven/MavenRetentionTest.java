package io.enseada.registry.maven;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.registry.access.Principal;
import io.enseada.registry.access.Restriction;
import io.enseada.registry.audit.Actor;
import io.enseada.registry.audit.AuditLog;
import io.enseada.registry.metadata.MvStoreDocumentStore;
import io.enseada.registry.repository.Removal;
import io.enseada.registry.storage.filesystem.FilesystemBlobStore;
import io.enseada.shared.json.Json;
import io.enseada.shared.model.Format;
import io.enseada.shared.model.MavenOptions;
import io.enseada.shared.model.ProxyOptions;
import io.enseada.shared.model.RepositoryKind;
import io.enseada.shared.model.RepositorySpec;
import io.enseada.shared.model.RetentionOptions;
import io.enseada.shared.model.VersionPolicy;
import io.enseada.shared.model.Visibility;
import io.enseada.shared.store.Document;
import io.enseada.shared.store.DocumentStore;
import io.enseada.shared.testing.ManualClock;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Maven retention rules over the embedded stores: snapshot builds deployed as Maven deploys
 * them (jar, pom and sources of each build, then their metadata), planned and applied as the
 * storage lifecycle does; and a proxy's eviction of files nobody requested.
 */
class MavenRetentionTest {
    private static final ObjectMapper JSON = Json.newMapper();
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd.HHmmss").withZone(ZoneOffset.UTC);
    private static final Instant FIRST_BUILD = Instant.parse("2026-11-01T10:00:00Z");
    private static final String VERSION_DIR = "com/example/app/1.0-SNAPSHOT";
    private static final Actor DEPLOYER =
            new Actor(Principal.user("ci", false, List.of(), Restriction.NONE), "127.0.0.1");

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-03T12:00:00Z"));
    private DocumentStore documents;
    private MavenService service;
    private SnapshotRetention retention;
    private MetadataDocuments metadata;

    @BeforeEach
    void start() {
        documents = MvStoreDocumentStore.open(dir.resolve("metadata.mv.db"), JSON);
        FilesystemBlobStore blobs = new FilesystemBlobStore(dir.resolve("blobs"), Clock.systemUTC());
        service = new MavenService(
                documents, blobs, new AuditLog(documents, JSON, clock, new SecureRandom()), JSON, clock);
        metadata = new MetadataDocuments(documents, JSON);
        retention = new SnapshotRetention(documents, metadata);
    }

    @AfterEach
    void stop() {
        documents.close();
    }

    @Test
    void keepSnapshotsKeepsTheNewestBuildsOfThirtyWithAllTheirFilesAndRewritesTheMetadataAsADeleteWould() {
        RepositorySpec repository = snapshots(policy(5, null, null));
        IntStream.rangeClosed(1, 30).forEach(n -> deployBuild(repository, n));
        MavenMetadata before =
                metadata.get("snapshots", MavenPath.parse(VERSION_DIR)).orElseThrow();

        List<Removal> plan = retention.plan(repository, clock.instant());

        assertThat(plan)
                .extracting(Removal::item)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 25)
                        .mapToObj(n -> "com.example:app:" + buildVersion(n))
                        .toList());
        assertThat(plan).allSatisfy(removal -> {
            assertThat(removal.kind()).isEqualTo("snapshot");
            assertThat(removal.format()).isEqualTo(Format.MAVEN);
            assertThat(removal.gone()).as("jar, pom and sources of the build").hasSize(3);
            assertThat(removal.reason()).startsWith("keepSnapshots: ");
        });
        assertThat(plan.get(0).reason()).isEqualTo("keepSnapshots: 30th newest of 30 builds, 5 kept");
        MavenMetadata planned = metadata.read(plan.get(24).rewritten().get(0).body());
        assertThat(buildsOf(planned)).containsExactlyElementsOf(builds(26, 30));

        assertThat(plan)
                .allSatisfy(
                        removal -> assertThat(removal.apply().getAsBoolean()).isTrue());

        MavenMetadata after =
                metadata.get("snapshots", MavenPath.parse(VERSION_DIR)).orElseThrow();
        assertThat(after).isEqualTo(planned);
        assertThat(buildsOf(after)).containsExactlyElementsOf(builds(26, 30));
        assertThat(after.xml())
                .as("the <snapshot> and snapshotVersions still name the latest build")
                .contains("<buildNumber>30</buildNumber>")
                .contains("<value>" + buildVersion(30) + "</value>")
                .doesNotContain(buildVersion(25));
        assertThat(after.checksums()).isEqualTo(Checksums.of(after.xml().getBytes(StandardCharsets.UTF_8)));
        assertThat(fileIds()).hasSize(15).noneMatch(id -> id.contains(buildVersion(25)));
        assertThat(before.builds()).hasSize(90);
    }

    @Test
    void snapshotsOlderThanRemovesOldBuildsButNeverTheNewestNorOneWithoutADate() {
        RepositorySpec repository = snapshots(policy(null, Duration.ofDays(20), null));
        // builds 1–3 a month old, 4 with a timestamp that is no date, 5 a month old too: the newest
        deploy(repository, 1, FIRST_BUILD);
        deploy(repository, 2, FIRST_BUILD.plusSeconds(60));
        deploy(repository, 3, FIRST_BUILD.plusSeconds(120));
        deployFile(repository, "1.0-20261399.101010-4", "jar");
        deploy(repository, 5, FIRST_BUILD.plusSeconds(240));

        List<Removal> plan = retention.plan(repository, clock.instant());

        assertThat(plan)
                .extracting(Removal::item)
                .containsExactly(
                        "com.example:app:" + buildVersion(1, FIRST_BUILD),
                        "com.example:app:" + buildVersion(2, FIRST_BUILD.plusSeconds(60)),
                        "com.example:app:" + buildVersion(3, FIRST_BUILD.plusSeconds(120)));
        assertThat(plan.get(0).reason())
                .isEqualTo("snapshotsOlderThan: deployed 2026-11-01T10:00:00Z, more than P20D ago");
        assertThat(plan)
                .allSatisfy(
                        removal -> assertThat(removal.apply().getAsBoolean()).isTrue());
        assertThat(fileIds())
                .hasSize(1 + 3)
                .anyMatch(id -> id.contains("1.0-20261399.101010-4"))
                .anyMatch(id -> id.contains(buildVersion(5, FIRST_BUILD.plusSeconds(240))));
        assertThat(retention.plan(repository, clock.instant())).isEmpty();
    }

    @Test
    void removeReleasedSnapshotsRemovesTheWholeSnapshotVersionOnceItsReleaseIsDeployed() {
        RepositorySpec repository = mixed(policy(null, null, true));
        IntStream.rangeClosed(1, 3).forEach(n -> deployBuild(repository, n));
        deployFile(repository, "com/example/app/2.0-SNAPSHOT", "2.0-" + stamp(FIRST_BUILD) + "-1", "jar");
        assertThat(retention.plan(repository, clock.instant()))
                .as("no release yet")
                .isEmpty();
        deployFile(repository, "com/example/app/1.0", "1.0", "jar");

        List<Removal> plan = retention.plan(repository, clock.instant());

        assertThat(plan).singleElement().satisfies(removal -> {
            assertThat(removal.item()).isEqualTo("com.example:app:1.0-SNAPSHOT");
            assertThat(removal.reason()).isEqualTo("removeReleasedSnapshots: release 1.0 is in the repository");
            assertThat(removal.gone()).hasSize(9 + 1);
            assertThat(metadata.read(removal.rewritten().get(0).body()).versions())
                    .containsExactly("1.0", "2.0-SNAPSHOT");
            assertThat(removal.apply().getAsBoolean()).isTrue();
        });
        assertThat(metadata.get("mixed", MavenPath.parse("com/example/app"))
                        .orElseThrow()
                        .versions())
                .containsExactly("1.0", "2.0-SNAPSHOT");
        assertThat(metadata.get("mixed", MavenPath.parse(VERSION_DIR))).isEmpty();
        assertThat(fileIds()).hasSize(2).noneMatch(id -> id.contains("1.0-SNAPSHOT"));
    }

    @Test
    void aReleasedSnapshotVersionThatGotANewBuildSinceThePlanIsLeftAlone() {
        RepositorySpec repository = mixed(policy(null, null, true));
        IntStream.rangeClosed(1, 2).forEach(n -> deployBuild(repository, n));
        deployFile(repository, "com/example/app/1.0", "1.0", "jar");
        List<Removal> plan = retention.plan(repository, clock.instant());
        assertThat(plan).hasSize(1);

        deployBuild(repository, 3);

        assertThat(plan.get(0).apply().getAsBoolean()).isFalse();
        assertThat(metadata.get("mixed", MavenPath.parse("com/example/app"))
                        .orElseThrow()
                        .versions())
                .containsExactly("1.0-SNAPSHOT", "1.0");
        assertThat(buildsOf(metadata.get("mixed", MavenPath.parse(VERSION_DIR)).orElseThrow()))
                .containsExactlyElementsOf(builds(1, 3));
        assertThat(retention.plan(repository, clock.instant()))
                .as("the next run takes it, new build and all")
                .singleElement()
                .satisfies(removal -> assertThat(removal.gone()).hasSize(9 + 1));
    }

    @Test
    void aBuildDeployedBetweenPlanAndApplyIsKeptAndListed() {
        RepositorySpec repository = snapshots(policy(5, null, null));
        IntStream.rangeClosed(1, 30).forEach(n -> deployBuild(repository, n));
        List<Removal> plan = retention.plan(repository, clock.instant());

        deployBuild(repository, 31);

        // re-planned at apply, the 25 oldest are still beyond the newest 5
        assertThat(plan)
                .allSatisfy(
                        removal -> assertThat(removal.apply().getAsBoolean()).isTrue());
        MavenMetadata after =
                metadata.get("snapshots", MavenPath.parse(VERSION_DIR)).orElseThrow();
        assertThat(buildsOf(after)).containsExactlyElementsOf(builds(26, 31));
        assertThat(after.xml()).contains("<buildNumber>31</buildNumber>").contains(buildVersion(31));
    }

    @Test
    void aBuildTheReplanWouldKeepOrThatWasRedeployedIsLeftAlone() {
        RepositorySpec repository = snapshots(policy(5, null, null));
        IntStream.rangeClosed(1, 12).forEach(n -> deployBuild(repository, n));
        List<Removal> plan = retention.plan(repository, clock.instant());
        assertThat(plan).hasSize(7);

        // builds 10 and 11 deleted by hand: builds 6 and 7 are among the newest 5 again
        for (int n : List.of(10, 11)) {
            for (String file : List.of(".jar", ".pom", "-sources.jar")) {
                service.delete(new MavenRequests.Delete(
                        repository, MavenPath.parse(VERSION_DIR + "/app-" + buildVersion(n) + file), DEPLOYER));
            }
        }
        // and build 2's jar deployed anew
        deployFile(repository, VERSION_DIR, buildVersion(2), "jar", "other bytes");

        List<Boolean> applied =
                plan.stream().map(removal -> removal.apply().getAsBoolean()).toList();

        assertThat(applied).containsExactly(true, false, true, true, true, false, false);
        assertThat(fileIds()).anyMatch(id -> id.contains(buildVersion(2)));
        assertThat(buildsOf(
                        metadata.get("snapshots", MavenPath.parse(VERSION_DIR)).orElseThrow()))
                .contains(buildVersion(2), buildVersion(6), buildVersion(7), buildVersion(12));
    }

    @Test
    void aProxyEvictsWhatNobodyRequestedForUnusedForAndStampsWhatCarriesNoTimeYet() {
        RepositorySpec proxy = new RepositorySpec(
                "central",
                Format.MAVEN,
                RepositoryKind.PROXY,
                Visibility.PRIVATE,
                null,
                new ProxyOptions(URI.create("https://repo.example.org/maven2"), null, null, null),
                null,
                new RetentionOptions(null, null, null, null, null, null, null, null, Duration.ofDays(30)),
                null);
        Instant now = clock.instant();
        cached("org/old/old/1.0/old-1.0.jar", now.minus(Duration.ofDays(31)));
        cached("org/recent/recent/1.0/recent-1.0.jar", now.minus(Duration.ofDays(29)));
        cached("org/touched/touched/1.0/touched-1.0.jar", now.minus(Duration.ofDays(40)));
        cached("org/untimed/untimed/1.0/untimed-1.0.jar", null);
        CacheEviction eviction = new CacheEviction(documents, JSON);

        List<Removal> plan = eviction.plan(proxy, now);

        assertThat(plan)
                .extracting(Removal::item)
                .containsExactly("org/old/old/1.0/old-1.0.jar", "org/touched/touched/1.0/touched-1.0.jar");
        assertThat(plan.get(0).kind()).isEqualTo("cached");
        assertThat(plan.get(0).reason()).startsWith("unusedFor: last requested 2026-11-02T12:00:00Z");
        RequestStamps stamps = new RequestStamps(documents, JSON, clock);
        stamps.requested(MavenDocumentIds.FILE_PREFIX + "central/org/touched/touched/1.0/touched-1.0.jar");
        stamps.flush();
        stamps.close();
        assertThat(plan.get(0).apply().getAsBoolean()).isTrue();
        assertThat(plan.get(1).apply().getAsBoolean())
                .as("requested since the plan")
                .isFalse();

        eviction.stampUnrequested(proxy, now);
        assertThat(fileIds()).hasSize(3);
        assertThat(record("central/org/untimed/untimed/1.0/untimed-1.0.jar").requested())
                .isEqualTo(now);
        assertThat(record("central/org/touched/touched/1.0/touched-1.0.jar").requested())
                .isEqualTo(now);
        assertThat(eviction.plan(proxy, now.plus(Duration.ofDays(29))))
                .extracting(Removal::item)
                .containsExactly("org/recent/recent/1.0/recent-1.0.jar");
        assertThat(eviction.plan(proxy, now.plus(Duration.ofDays(31)))).hasSize(3);
    }

    // ------------------------------------------------------------------------------------------

    private void cached(String path, Instant requested) {
        FileRecord record = new FileRecord(
                "sha256:" + "ab".repeat(32),
                10,
                Checksums.of(new byte[10]),
                Instant.parse("2026-01-01T00:00:00Z"),
                "proxy",
                requested);
        documents.put(MavenDocumentIds.FILE_PREFIX + "central/" + path, null, JSON.valueToTree(record));
    }

    private FileRecord record(String path) {
        Document document = documents.get(MavenDocumentIds.FILE_PREFIX + path).orElseThrow();
        return JSON.convertValue(document.body(), FileRecord.class);
    }

    private static RetentionOptions policy(Integer keep, Duration olderThan, Boolean released) {
        return new RetentionOptions(null, null, null, null, keep, olderThan, released, null, null);
    }

    private static RepositorySpec snapshots(RetentionOptions policy) {
        return new RepositorySpec(
                "snapshots",
                Format.MAVEN,
                RepositoryKind.HOSTED,
                Visibility.PRIVATE,
                new MavenOptions(VersionPolicy.SNAPSHOT, false),
                null,
                null,
                policy,
                null);
    }

    private static RepositorySpec mixed(RetentionOptions policy) {
        return new RepositorySpec(
                "mixed",
                Format.MAVEN,
                RepositoryKind.HOSTED,
                Visibility.PRIVATE,
                new MavenOptions(VersionPolicy.MIXED, false),
                null,
                null,
                policy,
                null);
    }

    /** Build {@code n}, an hour after build n-1: its jar, pom and sources. */
    private void deployBuild(RepositorySpec repository, int n) {
        deploy(repository, n, FIRST_BUILD.plus(Duration.ofHours(n)));
    }

    private void deploy(RepositorySpec repository, int n, Instant at) {
        String version = buildVersion(n, at);
        deployFile(repository, version, "jar");
        deployFile(repository, version, "pom");
        deployFile(repository, VERSION_DIR, version + "-sources", "jar");
    }

    private void deployFile(RepositorySpec repository, String fileVersion, String extension) {
        deployFile(repository, VERSION_DIR, fileVersion, extension);
    }

    private void deployFile(RepositorySpec repository, String directory, String fileVersion, String extension) {
        deployFile(repository, directory, fileVersion, extension, "bytes of " + fileVersion + "." + extension);
    }

    private void deployFile(
            RepositorySpec repository, String directory, String fileVersion, String extension, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        service.deploy(new MavenRequests.Deploy(
                repository,
                MavenPath.parse(directory + "/app-" + fileVersion + "." + extension),
                new ByteArrayInputStream(bytes),
                bytes.length,
                Map.of(),
                DEPLOYER));
    }

    private static String buildVersion(int n) {
        return buildVersion(n, FIRST_BUILD.plus(Duration.ofHours(n)));
    }

    private static String buildVersion(int n, Instant at) {
        return "1.0-" + stamp(at) + "-" + n;
    }

    private static String stamp(Instant at) {
        return STAMP.format(at);
    }

    private static List<String> builds(int from, int to) {
        return IntStream.rangeClosed(from, to)
                .mapToObj(MavenRetentionTest::buildVersion)
                .toList();
    }

    private static List<String> buildsOf(MavenMetadata metadata) {
        return metadata.builds().stream()
                .map(MavenMetadata.SnapshotBuild::value)
                .distinct()
                .sorted(java.util.Comparator.comparingInt(
                        value -> Integer.parseInt(value.substring(value.lastIndexOf('-') + 1))))
                .toList();
    }

    private List<String> fileIds() {
        return documents
                .scan(MavenDocumentIds.FILE_PREFIX, 500)
                .map(Document::id)
                .toList();
    }
}
