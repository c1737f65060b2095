package io.enseada.registry.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.registry.audit.AuditLog;
import io.enseada.registry.metadata.MvStoreDocumentStore;
import io.enseada.registry.repository.Removal;
import io.enseada.registry.storage.Digest;
import io.enseada.registry.storage.filesystem.FilesystemBlobStore;
import io.enseada.shared.json.Json;
import io.enseada.shared.model.Format;
import io.enseada.shared.model.ProxyOptions;
import io.enseada.shared.model.RepositoryKind;
import io.enseada.shared.model.RepositorySpec;
import io.enseada.shared.model.RetentionOptions;
import io.enseada.shared.model.Visibility;
import io.enseada.shared.store.DocumentStore;
import io.enseada.shared.testing.ManualClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A proxy's eviction of what nobody pulled for {@code unusedFor}, and how pulls are stamped. */
class OciEvictionTest {
    private static final ObjectMapper JSON = Json.newMapper();
    private static final OciName APP = OciName.parse("hub/library/app");
    private static final RepositorySpec PROXY = new RepositorySpec(
            "hub",
            Format.OCI,
            RepositoryKind.PROXY,
            Visibility.PRIVATE,
            null,
            new ProxyOptions(URI.create("https://upstream.example")),
            null,
            new RetentionOptions(null, null, null, null, null, null, null, null, Duration.ofDays(30)),
            null);

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-01T10:00:00Z"));
    private DocumentStore store;
    private OciDocuments documents;
    private ManifestService manifests;
    private OciEviction eviction;
    private RequestStamps stamps;

    @BeforeEach
    void start() {
        store = MvStoreDocumentStore.open(dir.resolve("metadata.mv.db"), JSON);
        documents = new OciDocuments(store, JSON);
        FilesystemBlobStore blobs = new FilesystemBlobStore(dir.resolve("blobs"), Clock.systemUTC());
        AuditLog audit = new AuditLog(store, JSON, clock, new SecureRandom());
        manifests = new ManifestService(
                documents,
                new ManifestContent(blobs, documents),
                new BlobService(blobs, documents, audit),
                audit,
                JSON,
                clock,
                ManifestService.DEFAULT_LIMIT);
        eviction = new OciEviction(documents);
        stamps = new RequestStamps(documents, clock);
    }

    @AfterEach
    void stop() {
        stamps.close();
        store.close();
    }

    @Test
    void whatNobodyPulledForUnusedForIsEvictedWithTheTagsThatPointAtIt() {
        Digest stale = cache("old", 1);
        Digest blob = link(7, clock.instant());
        documents.put(OciDocumentIds.tagChecked(APP, new Tag("old")), new TagCheck(clock.instant()));
        Digest pulled = cache("fresh", 2);
        clock.advance(Duration.ofDays(31));
        requested(pulled, clock.instant().minus(Duration.ofDays(2)));
        Digest young = cache(null, 3);

        List<Removal> plan = eviction.plan(PROXY, clock.instant());

        assertThat(plan)
                .extracting(r -> r.kind() + " " + r.item() + " " + r.reason())
                .containsExactlyInAnyOrder(
                        "cached library/app@" + stale + " unusedFor: not pulled for over P30D (manifest)",
                        "cached library/app@" + blob + " unusedFor: not pulled for over P30D (blob)");
        Removal manifest = plan.stream()
                .filter(r -> r.reason().endsWith("(manifest)"))
                .findFirst()
                .orElseThrow();
        assertThat(manifest.gone())
                .extracting(d -> d.id())
                .containsExactly(OciDocumentIds.tag(APP, new Tag("old")), OciDocumentIds.manifest(APP, stale));

        assertThat(plan.stream().allMatch(r -> r.apply().getAsBoolean())).isTrue();

        assertThat(documents.exists(OciDocumentIds.manifest(APP, stale))).isFalse();
        assertThat(documents.exists(OciDocumentIds.tag(APP, new Tag("old")))).isFalse();
        assertThat(documents.exists(OciDocumentIds.tagChecked(APP, new Tag("old"))))
                .isFalse();
        assertThat(documents.exists(OciDocumentIds.blob(APP, blob))).isFalse();
        assertThat(documents.exists(OciDocumentIds.manifest(APP, pulled))).isTrue();
        assertThat(documents.exists(OciDocumentIds.tag(APP, new Tag("fresh")))).isTrue();
        assertThat(documents.exists(OciDocumentIds.manifest(APP, young))).isTrue();
    }

    @Test
    void anItemPulledBetweenPlanAndApplyStays() {
        Digest stale = cache("old", 1);
        Digest blob = link(7, clock.instant());
        clock.advance(Duration.ofDays(31));
        List<Removal> plan = eviction.plan(PROXY, clock.instant());
        assertThat(plan).hasSize(2);

        requested(stale, clock.instant());
        documents.update(OciDocumentIds.blob(APP, blob), BlobLink.class, l -> l.withRequested(clock.instant()));

        assertThat(plan.stream().noneMatch(r -> r.apply().getAsBoolean())).isTrue();
        assertThat(documents.exists(OciDocumentIds.manifest(APP, stale))).isTrue();
        assertThat(documents.exists(OciDocumentIds.tag(APP, new Tag("old")))).isTrue();
        assertThat(documents.exists(OciDocumentIds.blob(APP, blob))).isTrue();
    }

    @Test
    void aLinkWithoutATimeStaysUntilStampedAndAgesFromThen() {
        Digest blob = link(9, null);
        clock.advance(Duration.ofDays(400));
        assertThat(eviction.plan(PROXY, clock.instant())).isEmpty();

        eviction.stamp(PROXY, clock.instant());
        clock.advance(Duration.ofDays(29));
        assertThat(eviction.plan(PROXY, clock.instant())).isEmpty();
        clock.advance(Duration.ofDays(2));

        assertThat(eviction.plan(PROXY, clock.instant()))
                .extracting(Removal::item)
                .containsExactly("library/app@" + blob);
    }

    @Test
    void pullsAreStampedOffTheRequestThreadAtMostOncePerHour() {
        Digest digest = cache("latest", 4);
        Instant first = clock.instant();

        stamps.manifest(APP, digest);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> first.equals(record(digest).requested()));
        String rev =
                store.get(OciDocumentIds.manifest(APP, digest)).orElseThrow().rev();
        clock.advance(Duration.ofMinutes(20));
        for (int i = 0; i < 50; i++) {
            stamps.manifest(APP, digest);
        }
        stamps.blob(APP, link(5, null)); // a later stamp on the same writer: once it is done, the above are too
        await().atMost(Duration.ofSeconds(5))
                .until(() -> documents
                                .get(OciDocumentIds.blob(APP, digestOf(5)), BlobLink.class)
                                .orElseThrow()
                                .requested()
                        != null);

        assertThat(store.get(OciDocumentIds.manifest(APP, digest)).orElseThrow().rev())
                .as("the pulls within the hour wrote nothing")
                .isEqualTo(rev);
        assertThat(record(digest).requested()).isEqualTo(first);
    }

    // ------------------------------------------------------------------------------------------

    private ManifestRecord record(Digest digest) {
        return documents
                .get(OciDocumentIds.manifest(APP, digest), ManifestRecord.class)
                .orElseThrow();
    }

    private void requested(Digest digest, Instant at) {
        documents.update(OciDocumentIds.manifest(APP, digest), ManifestRecord.class, r -> r.withRequested(at));
    }

    private Digest cache(String tag, int seed) {
        String text = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
                + "\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:"
                + String.format("%064x", seed) + "\",\"size\":10},\"layers\":[]}";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Digest digest = ManifestService.sha256(bytes);
        manifests.record(
                APP,
                tag == null ? null : new Tag(tag),
                digest,
                bytes,
                ParsedManifest.parse(JSON, MediaTypes.OCI_MANIFEST, bytes));
        return digest;
    }

    private static Digest digestOf(int seed) {
        return Digest.parse("sha256:" + String.format("%064x", seed + 1000));
    }

    private Digest link(int seed, Instant requested) {
        Digest digest = digestOf(seed);
        documents.put(OciDocumentIds.blob(APP, digest), new BlobLink(100, requested));
        return digest;
    }
}
