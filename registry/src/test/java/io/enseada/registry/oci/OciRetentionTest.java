package io.enseada.registry.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.registry.audit.AuditLog;
import io.enseada.registry.metadata.MvStoreDocumentStore;
import io.enseada.registry.repository.Removal;
import io.enseada.registry.storage.Digest;
import io.enseada.registry.storage.filesystem.FilesystemBlobStore;
import io.enseada.shared.json.Json;
import io.enseada.shared.model.Format;
import io.enseada.shared.model.RepositoryKind;
import io.enseada.shared.model.RepositorySpec;
import io.enseada.shared.model.RetentionOptions;
import io.enseada.shared.model.Visibility;
import io.enseada.shared.store.DocumentStore;
import io.enseada.shared.testing.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hosted OCI retention rules on real records (written as a push writes them, at times a manual
 * clock sets), planned and applied against the embedded store.
 */
class OciRetentionTest {
    private static final ObjectMapper JSON = Json.newMapper();
    private static final OciName APP = OciName.parse("images/team/app");
    private static final Duration DAY = Duration.ofDays(1);

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-01T10:00:00Z"));
    private DocumentStore store;
    private OciDocuments documents;
    private ManifestService manifests;
    private OciRetention retention;
    private int pushes;

    @BeforeEach
    void start() {
        store = MvStoreDocumentStore.open(dir.resolve("metadata.mv.db"), JSON);
        documents = new OciDocuments(store, JSON);
        FilesystemBlobStore blobs = new FilesystemBlobStore(dir.resolve("blobs"), Clock.systemUTC());
        ManifestContent content = new ManifestContent(blobs, documents);
        AuditLog audit = new AuditLog(store, JSON, clock, new SecureRandom());
        manifests = new ManifestService(
                documents,
                content,
                new BlobService(blobs, documents, audit),
                audit,
                JSON,
                clock,
                ManifestService.DEFAULT_LIMIT);
        retention = new OciRetention(documents, content, JSON);
    }

    @AfterEach
    void stop() {
        store.close();
    }

    @Test
    void keepTagsKeepsTheNewestNBesidesThePatternsTags() {
        for (String tag : List.of("v1.0", "a", "b", "v2.0", "c", "d")) {
            pushImage(tag);
            clock.advance(Duration.ofMinutes(1));
        }

        List<Removal> plan = plan(options(2, List.of("v*"), null, null));

        assertThat(items(plan)).containsExactly("tag team/app:b", "tag team/app:a");
        assertThat(plan.get(0).reason()).isEqualTo("keepTags: 3rd newest, 2 kept");
        assertThat(plan.get(0).gone()).extracting(d -> d.id()).containsExactly(OciDocumentIds.tag(APP, new Tag("b")));
    }

    @Test
    void tagsOlderThanRemovesOldTagsUnlessAPatternKeepsThemOrTheyHaveNoTime() {
        pushImage("old");
        pushImage("release-1");
        Digest untimed = pushImage("legacy");
        // a tag written before pushes were timed
        documents.put(
                OciDocumentIds.tag(APP, new Tag("legacy")),
                new TagRecord(untimed.toString(), MediaTypes.OCI_MANIFEST, 100, null));
        clock.advance(Duration.ofDays(10));
        pushImage("new");

        List<Removal> plan = plan(options(null, List.of("release-*"), Duration.ofDays(7), null));

        assertThat(items(plan)).containsExactly("tag team/app:old");
        assertThat(plan.get(0).reason()).isEqualTo("tagsOlderThan: pushed 2026-11-01T10:00:01Z, over P7D ago");
    }

    @Test
    void eitherRuleIsEnoughToRemoveATag() {
        pushImage("oldest");
        clock.advance(Duration.ofDays(10));
        pushImage("newer");
        pushImage("newest");

        assertThat(items(plan(options(5, null, Duration.ofDays(7), null)))).containsExactly("tag team/app:oldest");
        assertThat(items(plan(options(1, null, Duration.ofDays(7), null))))
                .containsExactlyInAnyOrder("tag team/app:newer", "tag team/app:oldest");
    }

    @Test
    void untaggedManifestsGoButNotWhatAKeptIndexListsOrWhatRefersToAKeptManifest() {
        Digest tagged = pushImage("latest");
        Digest childA = pushImage(null);
        Digest childB = pushImage(null);
        pushIndex("multi", childA, childB);
        Digest signature = pushReferrer(tagged);
        Digest orphan = pushImage(null);
        Digest untimed = pushImage(null);
        ManifestRecord record = documents
                .get(OciDocumentIds.manifest(APP, untimed), ManifestRecord.class)
                .orElseThrow();
        documents.put(OciDocumentIds.manifest(APP, untimed), record.withPushed(null));
        clock.advance(Duration.ofDays(2));
        Digest young = pushImage(null);

        List<Removal> plan = plan(options(null, null, null, DAY));

        assertThat(items(plan)).containsExactly("manifest team/app@" + orphan);
        assertThat(plan.get(0).reason()).isEqualTo("untaggedOlderThan: untagged, pushed over P1D ago");
        assertThat(List.of(childA, childB, signature, young)).doesNotContain(orphan);
    }

    @Test
    void aManifestWhoseTagsThePlanRemovesGoesInTheSamePlanAfterThemAndWithItsReferrerEntry() {
        Digest oldImage = pushImage("1");
        Digest signature = pushReferrer(oldImage);
        Digest kept = pushImage("2");
        clock.advance(Duration.ofDays(2));

        List<Removal> plan = plan(options(1, null, null, DAY));

        assertThat(items(plan))
                .containsExactly("tag team/app:1", "manifest team/app@" + signature, "manifest team/app@" + oldImage);
        assertThat(plan.get(1).gone())
                .extracting(d -> d.id())
                .containsExactly(
                        OciDocumentIds.manifest(APP, signature), OciDocumentIds.referrer(APP, oldImage, signature));

        assertThat(plan.stream().allMatch(removal -> removal.apply().getAsBoolean()))
                .isTrue();

        assertThat(tags()).containsExactly("2");
        assertThat(documents.exists(OciDocumentIds.manifest(APP, oldImage))).isFalse();
        assertThat(documents.exists(OciDocumentIds.manifest(APP, signature))).isFalse();
        assertThat(documents.exists(OciDocumentIds.referrer(APP, oldImage, signature)))
                .isFalse();
        assertThat(documents.exists(OciDocumentIds.manifest(APP, kept))).isTrue();
    }

    @Test
    void aTagRePushedOrAManifestTaggedBetweenPlanAndApplyIsLeftAlone() {
        pushImage("a", 1);
        pushImage("b", 2);
        Digest orphan = pushImage(null, 3);
        pushImage("c", 4);
        clock.advance(Duration.ofDays(2));
        List<Removal> plan = plan(options(1, null, null, DAY));
        assertThat(items(plan)).contains("tag team/app:a", "tag team/app:b", "manifest team/app@" + orphan);

        pushImage("a", 1); // the same image pushed again under its tag
        manifests.record(APP, new Tag("adopted"), orphan, bytes(orphanBytes(3)), parsed(orphanBytes(3)));

        List<String> applied = plan.stream()
                .filter(removal -> removal.apply().getAsBoolean())
                .map(Removal::item)
                .toList();
        assertThat(applied).doesNotContain("tag team/app:a", "manifest team/app@" + orphan);
        assertThat(tags()).contains("a", "adopted", "c").doesNotContain("b");
        assertThat(documents.exists(OciDocumentIds.manifest(APP, orphan))).isTrue();
    }

    @Test
    void aManifestTaggedSinceThePlanWithoutBeingRewrittenIsLeftAlone() {
        Digest orphan = pushImage(null);
        clock.advance(Duration.ofDays(2));
        List<Removal> plan = plan(options(null, null, null, DAY));
        assertThat(items(plan)).containsExactly("manifest team/app@" + orphan);

        documents.put(
                OciDocumentIds.tag(APP, new Tag("late")),
                new TagRecord(orphan.toString(), MediaTypes.OCI_MANIFEST, 10, clock.instant()));

        assertThat(plan.get(0).apply().getAsBoolean()).isFalse();
        assertThat(documents.exists(OciDocumentIds.manifest(APP, orphan))).isTrue();
    }

    @Test
    void aManifestAnIndexPushedSinceThePlanListsIsLeftAlone() {
        Digest child = pushImage(null);
        clock.advance(Duration.ofDays(2));
        List<Removal> plan = plan(options(null, null, null, DAY));
        assertThat(items(plan)).containsExactly("manifest team/app@" + child);

        pushIndex("multi", child);

        assertThat(plan.get(0).apply().getAsBoolean()).isFalse();
        assertThat(documents.exists(OciDocumentIds.manifest(APP, child))).isTrue();
    }

    @Test
    void retentionAppliedStampsWhatHasNoTimeSoThatItsAgeCountsFromThen() {
        Digest digest = pushImage("legacy");
        documents.put(
                OciDocumentIds.tag(APP, new Tag("legacy")),
                new TagRecord(digest.toString(), MediaTypes.OCI_MANIFEST, 100, null));
        ManifestRecord record = documents
                .get(OciDocumentIds.manifest(APP, digest), ManifestRecord.class)
                .orElseThrow();
        documents.put(OciDocumentIds.manifest(APP, digest), record.withPushed(null));
        clock.advance(Duration.ofDays(30));
        RepositorySpec spec = spec(options(null, null, Duration.ofDays(7), DAY));
        assertThat(retention.plan(spec, clock.instant())).isEmpty();

        retention.stamp(spec, clock.instant());

        Instant stamped = clock.instant();
        assertThat(documents
                        .get(OciDocumentIds.tag(APP, new Tag("legacy")), TagRecord.class)
                        .orElseThrow()
                        .pushed())
                .isEqualTo(stamped);
        assertThat(documents
                        .get(OciDocumentIds.manifest(APP, digest), ManifestRecord.class)
                        .orElseThrow()
                        .pushed())
                .isEqualTo(stamped);
        clock.advance(Duration.ofDays(8));
        assertThat(items(retention.plan(spec, clock.instant())))
                .containsExactly("tag team/app:legacy", "manifest team/app@" + digest);
    }

    @Test
    void ordinals() {
        assertThat(List.of(1, 2, 3, 4, 11, 12, 13, 21, 22, 112).stream()
                        .map(ImageRetention::ordinal)
                        .toList())
                .containsExactly("1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "112th");
    }

    // ------------------------------------------------------------------------------------------

    private List<Removal> plan(RetentionOptions options) {
        return retention.plan(spec(options), clock.instant());
    }

    private static RepositorySpec spec(RetentionOptions options) {
        return new RepositorySpec(
                "images", Format.OCI, RepositoryKind.HOSTED, Visibility.PRIVATE, null, null, null, options, null);
    }

    private static RetentionOptions options(
            Integer keepTags, List<String> patterns, Duration tagsOlderThan, Duration untaggedOlderThan) {
        return new RetentionOptions(keepTags, patterns, tagsOlderThan, untaggedOlderThan, null, null, null, null, null);
    }

    private static List<String> items(List<Removal> plan) {
        return plan.stream().map(r -> r.kind() + " " + r.item()).toList();
    }

    private List<String> tags() {
        return documents
                .scan(OciDocumentIds.tagPrefix(APP))
                .map(d -> OciDocumentIds.tagIn(d.id()).value())
                .collect(Collectors.toList());
    }

    private Digest pushImage(String tag) {
        return pushImage(tag, 1000 + pushes++);
    }

    /** An image manifest unique to {@code seed}; pushed again with the same seed, the same manifest. */
    private Digest pushImage(String tag, int seed) {
        String text = orphanBytes(seed);
        return record(tag, text);
    }

    private static String orphanBytes(int seed) {
        String config = "sha256:" + String.format("%064x", seed);
        return "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + config + "\",\"size\":10},"
                + "\"layers\":[]}";
    }

    private Digest pushIndex(String tag, Digest... children) {
        StringBuilder list = new StringBuilder();
        for (Digest child : children) {
            list.append(list.isEmpty() ? "" : ",")
                    .append("{\"mediaType\":\"")
                    .append(MediaTypes.OCI_MANIFEST)
                    .append("\",\"digest\":\"")
                    .append(child)
                    .append("\",\"size\":10}");
        }
        return record(
                tag,
                "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[" + list + "]}");
    }

    private Digest pushReferrer(Digest subject) {
        return record(
                null,
                "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
                        + "\",\"artifactType\":\"application/vnd.example.signature\",\"config\":{\"mediaType\":"
                        + "\"application/vnd.oci.empty.v1+json\",\"digest\":\"sha256:" + "4".repeat(64)
                        + "\",\"size\":2},\"layers\":[],\"subject\":{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
                        + "\",\"digest\":\"" + subject + "\",\"size\":10}}");
    }

    /** Each push a second after the previous one, so that "newest" means one thing. */
    private Digest record(String tag, String text) {
        clock.advance(Duration.ofSeconds(1));
        byte[] bytes = bytes(text);
        Digest digest = ManifestService.sha256(bytes);
        manifests.record(APP, tag == null ? null : new Tag(tag), digest, bytes, parsed(text));
        return digest;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static ParsedManifest parsed(String text) {
        byte[] bytes = bytes(text);
        String mediaType = text.contains(MediaTypes.OCI_INDEX) ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
        return ParsedManifest.parse(JSON, mediaType, bytes);
    }
}
