package io.enseada.registry.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.enseada.registry.audit.AuditLog;
import io.enseada.registry.http.ErrorRenderer;
import io.enseada.registry.http.Protocol;
import io.enseada.registry.http.ProtocolMounts;
import io.enseada.registry.metadata.MvStoreDocumentStore;
import io.enseada.registry.repository.BlobMention;
import io.enseada.registry.repository.RegistryFormat;
import io.enseada.registry.repository.Removal;
import io.enseada.registry.storage.BlobStore;
import io.enseada.registry.storage.BlobsCollectedException;
import io.enseada.registry.storage.Digest;
import io.enseada.registry.storage.filesystem.FilesystemBlobStore;
import io.enseada.shared.json.Json;
import io.enseada.shared.model.DocumentIds;
import io.enseada.shared.model.Format;
import io.enseada.shared.model.RepositoryKind;
import io.enseada.shared.model.RepositoryLifecycle;
import io.enseada.shared.model.RepositorySpec;
import io.enseada.shared.model.RetentionOptions;
import io.enseada.shared.model.Visibility;
import io.enseada.shared.store.Document;
import io.enseada.shared.store.DocumentStore;
import io.enseada.shared.testing.ManualClock;
import io.javalin.config.RoutesConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector and the writers' guard over the real embedded backends (filesystem blobs, MVStore
 * documents), with a format whose documents {@code keep:<hex>} keep their blob. The races are
 * staged at the exact step they need: a hook runs at the start of each mark, and the second mark
 * of a run starts inside its deleting phase, after the candidates are doomed.
 */
class GarbageCollectorTest {
    private static final ObjectMapper JSON = Json.newMapper();
    private static final Duration GRACE = Duration.ofHours(1);
    private static final RetentionOptions UNTAGGED =
            new RetentionOptions(null, null, null, Duration.ofDays(1), null, null, null, null, null);
    private static final RepositorySpec RETAINING = new RepositorySpec(
            "test", Format.OCI, RepositoryKind.HOSTED, Visibility.PRIVATE, null, null, null, UNTAGGED, null);
    private static final RepositorySpec SECOND = new RepositorySpec(
            "second", Format.OCI, RepositoryKind.HOSTED, Visibility.PRIVATE, null, null, null, UNTAGGED, null);

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.now());
    private DocumentStore documents;
    private BlobStore raw;
    private StorageLifecycle lifecycle;
    private KeepingFormat format;
    private GarbageCollector collector;
    private AuditLog audit;
    private List<RepositorySpec> repositories = List.of(RETAINING, SECOND);

    @BeforeEach
    void start() {
        documents = MvStoreDocumentStore.open(dir.resolve("metadata.mv.db"), JSON);
        raw = new FilesystemBlobStore(dir.resolve("blobs"), Clock.systemUTC());
        lifecycle = new StorageLifecycle(raw, documents, clock, "replica-a", Duration.ofMillis(200));
        format = new KeepingFormat(documents);
        audit = new AuditLog(documents, JSON, clock, new SecureRandom());
        collector = lifecycle.collector(
                List.of(format), () -> repositories, audit, GRACE, Duration.ofDays(1), new SimpleMeterRegistry(), JSON);
    }

    @AfterEach
    void stop() {
        lifecycle.close();
        documents.close();
    }

    @Test
    void whatNothingKeepsGoesOnceOlderThanTheGracePeriodAndWhatIsKeptStays() {
        Digest kept = store("kept");
        Digest unkept = store("unkept");
        keep(kept);

        GcReport young = collector.collect(false, "user:admin");
        assertThat(young.protectedBlobs()).isEqualTo(1);
        assertThat(young.freedBlobs()).isZero();
        assertThat(raw.exists(unkept)).isTrue();

        clock.advance(GRACE.plusMinutes(1));
        GcReport preview = collector.collect(true, "user:admin");
        clock.advance(Duration.ofSeconds(1));
        assertThat(preview.freedBlobs()).isEqualTo(1);
        assertThat(preview.largest()).extracting(GcReport.Item::digest).containsExactly(unkept.toString());
        assertThat(raw.exists(unkept)).as("a dry run deletes nothing").isTrue();

        GcReport run = collector.collect(false, "user:admin");
        assertThat(run.freedBlobs()).isEqualTo(1);
        assertThat(run.freedBytes()).isEqualTo("unkept".length());
        assertThat(raw.exists(unkept)).isFalse();
        assertThat(raw.exists(kept)).isTrue();
        assertThat(format.collected).containsExactly(unkept);
        assertThat(collector.recent(10)).extracting(GcReport::id).containsExactly(run.id(), preview.id(), young.id());
    }

    @Test
    void aBlobKeptAgainBetweenTheTwoMarksIsSpared() {
        Digest relinked = store("relinked");
        clock.advance(GRACE.plusMinutes(1));
        format.atMark = mark -> {
            if (mark == 2) {
                keep(relinked); // a manifest pushed while the run was deciding
            }
        };

        GcReport run = collector.collect(false, "user:admin");

        assertThat(run.sparedBlobs()).isEqualTo(1);
        assertThat(run.freedBlobs()).isZero();
        assertThat(raw.exists(relinked)).isTrue();
        assertThat(documents.get(DoomedBlobs.id(relinked)))
                .as("no doom left behind")
                .isEmpty();
    }

    @Test
    void aWriterThatStoresADoomedBlobRescuesItAndTheCollectorLeavesIt() {
        Digest doomed = store("pushed again");
        Digest other = store("really unused");
        clock.advance(GRACE.plusMinutes(1));
        format.atMark = mark -> {
            if (mark == 2) {
                // inside the deleting phase, the same bytes stored again (a layer pushed anew)
                lifecycle.blobs().put(bytes("pushed again"), doomed);
            }
        };

        GcReport run = collector.collect(false, "user:admin");

        assertThat(run.sparedBlobs()).isEqualTo(1);
        assertThat(run.freedBlobs()).isEqualTo(1);
        assertThat(raw.exists(doomed)).isTrue();
        assertThat(raw.exists(other)).isFalse();
    }

    @Test
    void aWriteThatADeletionOvertookFailsInsteadOfReportingSuccess() {
        Digest linked = store("linked too late");
        clock.advance(GRACE.plusMinutes(1));

        // the write began before the deleting phase, and a whole collection ran before it finished
        assertThatThrownBy(() ->
                        lifecycle.blobs().linking(List.of(linked), gone -> collector.collect(false, "user:admin")))
                .isInstanceOf(BlobsCollectedException.class)
                .satisfies(e -> assertThat(((BlobsCollectedException) e).lost()).containsExactly(linked));

        assertThat(raw.exists(linked)).isFalse();
    }

    @Test
    void aWriterArrivingWhileABlobIsDeletedWaitsAndStoresItAnew() {
        Digest digest = store("deleted then pushed");
        clock.advance(GRACE.plusMinutes(1));
        List<Object> seen = new ArrayList<>();
        format.atCollected = digests -> {
            // claimed and about to be deleted: the writer is told it is gone once it is, and stores it itself
            Thread writer = new Thread(() -> seen.add(lifecycle.blobs().put(bytes("deleted then pushed"), digest)));
            writer.start();
            sleep(300);
            seen.add("deleting");
        };

        collector.collect(false, "user:admin");
        await(seen, 2);

        assertThat(seen.get(0)).isEqualTo("deleting");
        assertThat(raw.exists(digest)).as("stored anew after the deletion").isTrue();
    }

    @Test
    void anotherReplicasLeaseRefusesACollectionUntilItLapses() {
        documents.update(
                SweepState.ID,
                current -> new SweepState("replica-b", clock.instant().plusSeconds(60), 4, true).toJson());

        assertThatThrownBy(() -> collector.collect(true, "user:admin"))
                .isInstanceOf(GarbageCollector.CollectionRunningException.class)
                .hasMessage("a garbage collection is running on replica-b");

        clock.advance(Duration.ofMinutes(2));
        assertThat(collector.collect(true, "user:admin").replica()).isEqualTo("replica-a");
        assertThat(SweepState.of(documents.get(SweepState.ID).orElseThrow().body()))
                .isEqualTo(new SweepState(null, clock.instant(), 4, false));
    }

    @Test
    void aRunThatDiesAfterItsClaimsDeletesNothingKeptAndTheNextRunCompletes() {
        Digest kept = store("kept across the crash");
        Digest unkept = store("unkept across the crash");
        keep(kept);
        clock.advance(GRACE.plusMinutes(1));
        format.atCollected = digests -> {
            throw new IllegalStateException("killed mid-sweep");
        };

        assertThatThrownBy(() -> collector.collect(false, "user:admin")).hasMessage("killed mid-sweep");
        assertThat(raw.exists(kept)).isTrue();
        assertThat(raw.exists(unkept)).as("claimed, not yet deleted").isTrue();
        assertThat(collector.recent(1).get(0).error()).isEqualTo("killed mid-sweep");

        format.atCollected = digests -> {};
        GcReport next = collector.collect(false, "user:admin");
        assertThat(next.freedBlobs()).isEqualTo(1);
        assertThat(raw.exists(unkept)).isFalse();
        assertThat(raw.exists(kept)).isTrue();
    }

    @Test
    void aWriterIsNotHeldUpByTheClaimsOfACollectorThatDied() {
        Digest digest = store("claimed by the dead");
        new DoomedBlobs(documents).doomAll(List.of(digest), 7, () -> {});
        new DoomedBlobs(documents).claimAll(List.of(digest));
        documents.update(
                SweepState.ID,
                current -> new SweepState("replica-dead", clock.instant().minusSeconds(1), 7, true).toJson());

        long started = System.nanoTime();
        assertThat(lifecycle.blobs().put(bytes("claimed by the dead"), digest).digest())
                .isEqualTo(digest);

        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("no wait for a deletion nobody is doing")
                .isLessThan(Duration.ofSeconds(5));
        assertThat(raw.exists(digest)).isTrue();
    }

    @Test
    void aDryRunReportsWhatRetentionWouldRemoveAndFreesItsBytesInTheReportOnly() {
        Digest retained = store("retained by a tag");
        Digest expired = store("an expired manifest's layer");
        keep(retained);
        keep(expired);
        clock.advance(GRACE.plusMinutes(1));
        format.expire("test", expired);

        GcReport preview = collector.collect(true, "user:admin");

        assertThat(preview.retention())
                .as("every repository with retention is reported, the ones with nothing to remove too")
                .extracting(RetentionReport::repository)
                .containsExactly("test", "second");
        assertThat(preview.retention()).first().satisfies(report -> {
            assertThat(report.repository()).isEqualTo("test");
            assertThat(report.removed()).isEqualTo(1);
            assertThat(report.items())
                    .containsExactly(new RetentionReport.Item("manifest", "app@" + expired, "untaggedOlderThan"));
        });
        assertThat(preview.largest()).extracting(GcReport.Item::digest).containsExactly(expired.toString());
        assertThat(preview.freedBytes()).isEqualTo("an expired manifest's layer".length());
        assertThat(documents.get("keep:" + expired.hex()))
                .as("a dry run removes nothing")
                .isPresent();
        assertThat(raw.exists(expired)).isTrue();
        assertThat(format.applied).isEmpty();
        assertThat(documents.get(DocumentIds.lifecycle("test")))
                .as("statuses are of real runs")
                .isEmpty();
    }

    @Test
    void aRealRunAppliesRetentionThenFreesWhatItLeftUnusedAuditsItAndRecordsEachRepositorysStatus() {
        Digest retained = store("retained by a tag");
        Digest expired = store("an expired manifest's layer");
        keep(retained);
        keep(expired);
        clock.advance(GRACE.plusMinutes(1));
        format.expire("test", expired);

        GcReport run = collector.collect(false, "user:admin");

        assertThat(run.retention()).first().satisfies(report -> {
            assertThat(report.removed()).isEqualTo(1);
            assertThat(report.skipped()).isZero();
        });
        assertThat(run.freedBlobs()).as("freed in the same run").isEqualTo(1);
        assertThat(raw.exists(expired)).isFalse();
        assertThat(raw.exists(retained)).isTrue();
        assertThat(audit.list(null, 10).entries())
                .extracting(entry -> entry.record().actor() + " "
                        + entry.record().action() + " " + entry.record().target())
                .contains("user:admin retention.manifest.delete test app@" + expired);
        RepositoryLifecycle status = JSON.convertValue(
                documents.get(DocumentIds.lifecycle("test")).orElseThrow().body(), RepositoryLifecycle.class);
        assertThat(status.lastRun()).isEqualTo(run.finished());
        assertThat(status.removedItems()).isEqualTo(1);
        assertThat(status.freedBytes()).isEqualTo("an expired manifest's layer".length());
        assertThat(status.usedBytes()).isEqualTo("retained by a tag".length());
        assertThat(status.error()).isNull();
        assertThat(documents.get(DocumentIds.lifecycle("second")))
                .as("every repository has its status, whatever it had to remove")
                .isPresent();
    }

    @Test
    void aRemovalLeftAloneIsCountedAsSkippedAndItsBytesStay() {
        Digest expired = store("re-tagged meanwhile");
        keep(expired);
        clock.advance(GRACE.plusMinutes(1));
        format.expire("test", expired);
        format.refuse = true;

        GcReport run = collector.collect(false, "user:admin");

        assertThat(run.retention()).first().satisfies(report -> {
            assertThat(report.removed()).isZero();
            assertThat(report.skipped()).isEqualTo(1);
            assertThat(report.items()).isEmpty();
        });
        assertThat(raw.exists(expired)).isTrue();
    }

    @Test
    void oneRepositorysFailingRetentionIsReportedWithItAndStopsNoOther() {
        Digest expired = store("expired in the second repository");
        keep(expired);
        clock.advance(GRACE.plusMinutes(1));
        format.expire("second", expired);
        format.failingRepository = "test";

        GcReport run = collector.collect(false, StorageLifecycle.SCHEDULE);

        assertThat(run.retention())
                .extracting(RetentionReport::repository, RetentionReport::removed, RetentionReport::error)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "test", 0, "could not be planned: the metadata store is gone"),
                        org.assertj.core.groups.Tuple.tuple("second", 1, null));
        assertThat(raw.exists(expired)).isFalse();
        assertThat(JSON.convertValue(
                                documents
                                        .get(DocumentIds.lifecycle("test"))
                                        .orElseThrow()
                                        .body(),
                                RepositoryLifecycle.class)
                        .error())
                .isEqualTo("could not be planned: the metadata store is gone");
    }

    @Test
    void repositoriesWithoutRetentionAreNotAskedToPlan() {
        repositories = List.of(new RepositorySpec("plain", Format.OCI, Visibility.PRIVATE, null));
        format.failingRepository = "plain";

        assertThat(collector.collect(true, "user:admin").retention()).isEmpty();
    }

    // ------------------------------------------------------------------------------------------

    private Digest store(String content) {
        return raw.put(bytes(content), null).digest();
    }

    private void keep(Digest digest) {
        documents.update("keep:" + digest.hex(), current -> JsonNodeFactory.instance.objectNode());
    }

    private static ByteArrayInputStream bytes(String content) {
        return new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(List<Object> seen, int size) {
        for (int i = 0; i < 100 && seen.size() < size; i++) {
            sleep(50);
        }
        assertThat(seen).hasSize(size);
    }

    /**
     * A format whose documents {@code keep:<hex>} keep their blob; hooks stage the races. Its
     * retention removes the keep documents of the digests {@link #expire expired} in a repository.
     */
    private static final class KeepingFormat implements RegistryFormat {
        final List<Digest> collected = new ArrayList<>();
        final Map<String, List<Digest>> expired = new java.util.HashMap<>();
        final List<Digest> applied = new ArrayList<>();
        final DocumentStore documents;
        boolean refuse;
        String failingRepository;
        IntConsumer atMark = mark -> {};
        java.util.function.Consumer<Collection<Digest>> atCollected = digests -> {};
        private int marks;

        KeepingFormat(DocumentStore documents) {
            this.documents = documents;
        }

        void expire(String repository, Digest digest) {
            expired.computeIfAbsent(repository, name -> new ArrayList<>()).add(digest);
        }

        @Override
        public List<Removal> retention(RepositorySpec repository, Instant now) {
            if (repository.name().equals(failingRepository)) {
                throw new IllegalStateException("the metadata store is gone");
            }
            return expired.getOrDefault(repository.name(), List.of()).stream()
                    .map(digest -> {
                        Document document =
                                documents.get("keep:" + digest.hex()).orElseThrow();
                        return new Removal(
                                repository.name(),
                                Format.OCI,
                                "manifest",
                                "app@" + digest,
                                "untaggedOlderThan",
                                List.of(document),
                                List.of(),
                                () -> {
                                    if (refuse) {
                                        return false;
                                    }
                                    applied.add(digest);
                                    return documents.delete(document.id(), document.rev());
                                });
                    })
                    .toList();
        }

        @Override
        public List<String> blobMentionPrefixes() {
            atMark.accept(++marks);
            return List.of("keep:");
        }

        @Override
        public List<BlobMention> blobMentions(Document document) {
            return List.of(new BlobMention(new Digest(document.id().substring(5)), "test", Format.OCI, true));
        }

        @Override
        public void blobsCollected(Collection<Digest> digests) {
            atCollected.accept(digests);
            collected.addAll(digests);
        }

        @Override
        public Format format() {
            return Format.OCI;
        }

        @Override
        public void register(RoutesConfig routes) {}

        @Override
        public List<ProtocolMounts.Mount> mounts() {
            return List.of();
        }

        @Override
        public Map<Protocol, ErrorRenderer> errorRenderers() {
            return Map.of();
        }

        @Override
        public List<String> contentPrefixes(String repository) {
            return List.of();
        }
    }
}
