package io.enseada.registry.lifecycle;

import io.enseada.registry.repository.BlobMention;
import io.enseada.registry.repository.RegistryFormat;
import io.enseada.registry.repository.Removal;
import io.enseada.registry.storage.BlobPage;
import io.enseada.registry.storage.BlobStore;
import io.enseada.registry.storage.Digest;
import io.enseada.registry.storage.StoredBlob;
import io.enseada.shared.store.Document;
import io.enseada.shared.store.DocumentStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online mark and sweep over the content-addressed store. The mark scans, by key range, every
 * document the formats say mentions blobs ({@link RegistryFormat#blobMentionPrefixes}); nothing is
 * counted on the write path, so nothing can drift, and any replica can collect for all of them.
 * Pushes and pulls go on meanwhile:
 *
 * <ol>
 *   <li>one collection at a time, across replicas ({@link SweepLease});
 *   <li>a blob stored within the grace period is never a candidate (its manifest, file record or
 *       packument may not be written yet);
 *   <li>candidates are doomed, a deleting phase begins (writers now rescue what they use, see
 *       {@link SweepGuard}), the writes of the moment settle, and a second mark spares what became
 *       used since the first;
 *   <li>each remaining blob is deleted only once claimed, which a writer's rescue prevents.
 * </ol>
 *
 * A run that dies midway (a crash, a lost lease) deletes nothing it did not claim, and every claim
 * was of a blob nothing used; the next run starts over.
 */
public final class GarbageCollector {
    private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);
    private static final int PAGE = 1000;
    private static final int LARGEST = 10;

    private final BlobStore blobs;
    private final DocumentStore documents;
    private final List<RegistryFormat> formats;
    private final SweepLease lease;
    private final DoomedBlobs doomed;
    private final GcRunLog runs;
    private final GcMetrics metrics;
    private final Settings settings;
    private final Clock clock;
    private final String replica;
    private final Retention retention;
    private final RemovalLog removals;
    private final LifecycleStatuses statuses;

    /** Where an applied retention removal is recorded (the audit log), with who asked for the run. */
    @FunctionalInterface
    interface RemovalLog {
        void removed(Removal removal, String by);
    }

    /**
     * @param grace        how young a blob is spared whatever references it
     * @param settle       how long a deleting phase lets the writes under way finish before the second mark
     * @param uploadMaxAge how long an upload session may stay untouched before a collection removes it
     */
    public record Settings(Duration grace, Duration settle, Duration uploadMaxAge, Duration leaseTtl) {}

    GarbageCollector(
            BlobStore blobs,
            DocumentStore documents,
            List<RegistryFormat> formats,
            SweepLease lease,
            DoomedBlobs doomed,
            GcRunLog runs,
            GcMetrics metrics,
            Settings settings,
            Clock clock,
            String replica,
            Retention retention,
            RemovalLog removals,
            LifecycleStatuses statuses) {
        this.retention = retention;
        this.removals = removals;
        this.statuses = statuses;
        this.blobs = blobs;
        this.documents = documents;
        this.formats = formats;
        this.lease = lease;
        this.doomed = doomed;
        this.runs = runs;
        this.metrics = metrics;
        this.settings = settings;
        this.clock = clock;
        this.replica = replica;
    }

    /**
     * Applies every repository's retention (a dry run only plans it), then collects.
     *
     * @param by who asked for the run, as the audit log names the removals
     * @throws CollectionRunningException when another replica is collecting
     */
    public GcReport collect(boolean dryRun, String by) {
        Optional<String> other = lease.acquire();
        if (other.isPresent()) {
            throw new CollectionRunningException(other.get());
        }
        Run run = new Run(dryRun, clock.instant(), by);
        GcReport report;
        try {
            report = run.execute();
        } catch (RuntimeException e) {
            LOG.warn("garbage collection {} stopped: {}", run.id, e.toString());
            report = run.report(e.getMessage() == null ? e.toString() : e.getMessage());
            metrics.run(dryRun, false, 0);
            runs.record(report);
            run.recordStatuses(report);
            releaseQuietly();
            throw e;
        }
        metrics.run(dryRun, true, dryRun ? 0 : report.freedBytes());
        runs.record(report);
        run.recordStatuses(report);
        releaseQuietly();
        LOG.info(
                "garbage collection {}{}: {} blobs examined, {} kept, {} protected by the grace period, {} {} ({} bytes)",
                run.id,
                dryRun ? " (dry run)" : "",
                report.examinedBlobs(),
                report.keptBlobs(),
                report.protectedBlobs(),
                report.freedBlobs(),
                dryRun ? "would be freed" : "freed",
                report.freedBytes());
        return report;
    }

    public List<GcReport> recent(int limit) {
        return runs.recent(limit);
    }

    private void releaseQuietly() {
        try {
            lease.release();
        } catch (RuntimeException e) {
            LOG.warn("could not release the collection lease: {}", e.getMessage());
        }
    }

    /** What a document says, gathered across all of them. */
    private static final class Marks {
        final Set<Digest> kept = new HashSet<>();
        final Map<Digest, BlobMention> owners = new HashMap<>();
        final Map<GcMetrics.Owner, Set<Digest>> keptByRepository = new HashMap<>();
        boolean complete;

        void add(BlobMention mention) {
            if (mention.keeps()) {
                kept.add(mention.digest());
                keptByRepository
                        .computeIfAbsent(
                                new GcMetrics.Owner(
                                        mention.repository(), mention.format().wireName()),
                                k -> new HashSet<>())
                        .add(mention.digest());
                owners.merge(mention.digest(), mention, (old, fresh) -> old.keeps() ? old : fresh);
            } else {
                owners.putIfAbsent(mention.digest(), mention);
            }
        }
    }

    private final class Run {
        final String id = UUID.randomUUID().toString().substring(0, 8);
        final boolean dryRun;
        final Instant started;
        final String by;
        Retention.Plan plan;
        Map<String, Optional<Document>> planned = Map.of();
        List<BlobMention> retired = List.of();
        Instant renewed;
        long examined;
        long protectedBlobs;
        long spared;
        Integer uploadsPurged;
        final long startedNanos = System.nanoTime();
        Long markMillis;
        Long sweepMillis;
        Marks marks = new Marks();
        final Map<Digest, StoredBlob> sizes = new HashMap<>();
        final Map<Digest, StoredBlob> candidates = new LinkedHashMap<>();
        final List<StoredBlob> freed = new ArrayList<>();

        Run(boolean dryRun, Instant started, String by) {
            this.dryRun = dryRun;
            this.started = started;
            this.by = by;
            this.renewed = started;
        }

        GcReport execute() {
            plan = retention.plan(started);
            retired = retiredMentions(plan);
            if (dryRun) {
                planned = plan.after();
            } else {
                doomed.forgetAll();
                plan.apply(removal -> removals.removed(removal, by), this::keepLease);
            }
            Instant cutoff = started.minus(settings.grace());
            Digest next = null;
            do {
                BlobPage page = blobs.list(next, PAGE);
                for (StoredBlob blob : page.blobs()) {
                    examined++;
                    sizes.put(blob.digest(), blob);
                    if (blob.stored().isBefore(cutoff)) {
                        candidates.put(blob.digest(), blob);
                    }
                }
                next = page.next();
                keepLease();
            } while (next != null);
            marks = mark();
            candidates.keySet().removeAll(marks.kept);
            markMillis = (System.nanoTime() - startedNanos) / 1_000_000;
            metrics.usage(usage(marks));
            long unkept =
                    examined - marks.kept.stream().filter(sizes::containsKey).count();
            protectedBlobs = unkept - candidates.size();
            if (dryRun) {
                freed.addAll(candidates.values());
                return report(null);
            }
            uploadsPurged = blobs.purgeUploads(clock.instant().minus(settings.uploadMaxAge()));
            if (candidates.isEmpty()) {
                return report(null);
            }
            long sweepStarted = System.nanoTime();
            long epoch = lease.beginDeleting();
            doomed.doomAll(candidates.keySet(), epoch, this::keepLease);
            sleep(settings.settle());
            Marks again = mark();
            for (Digest digest : new ArrayList<>(candidates.keySet())) {
                if (again.kept.contains(digest)) {
                    doomed.spare(digest);
                    candidates.remove(digest);
                    spared++;
                }
            }
            marks = again;
            List<Digest> remaining = List.copyOf(candidates.keySet());
            for (int from = 0; from < remaining.size(); from += PAGE) {
                List<Digest> slice = remaining.subList(from, Math.min(remaining.size(), from + PAGE));
                Map<Digest, Document> claimed = doomed.claimAll(slice);
                spared += slice.size() - claimed.size();
                delete(claimed);
            }
            sweepMillis = (System.nanoTime() - sweepStarted) / 1_000_000;
            return report(null);
        }

        private void delete(Map<Digest, Document> batch) {
            if (batch.isEmpty()) {
                return;
            }
            List<Digest> digests = List.copyOf(batch.keySet());
            // links first: once a link is gone no client is told the blob exists
            formats.forEach(format -> format.blobsCollected(digests));
            blobs.deleteAll(digests);
            doomed.deletedAll(batch.values());
            digests.forEach(digest -> freed.add(candidates.get(digest)));
            keepLease();
        }

        /**
         * What the documents retention removes said about blobs, so that the bytes they leave
         * unused are reported as their repository's, though no document names them any more.
         */
        private List<BlobMention> retiredMentions(Retention.Plan plan) {
            List<BlobMention> mentions = new ArrayList<>();
            List<Document> gone = plan.gone();
            List<Document> rewritten = plan.rewritten();
            if (gone.isEmpty() && rewritten.isEmpty()) {
                return mentions;
            }
            Map<RegistryFormat, List<String>> prefixes = new HashMap<>();
            formats.forEach(format -> prefixes.put(format, format.blobMentionPrefixes()));
            for (Document document : gone) {
                mentionsOf(document, prefixes).forEach(mention -> mentions.add(retired(mention)));
            }
            // a rewrite that drops a mention (an npm packument without a version's tarball) retires it too
            for (Document after : rewritten) {
                Set<Digest> kept = new HashSet<>();
                mentionsOf(after, prefixes).forEach(mention -> kept.add(mention.digest()));
                documents
                        .get(after.id())
                        .ifPresent(before -> mentionsOf(before, prefixes).stream()
                                .filter(mention -> !kept.contains(mention.digest()))
                                .forEach(mention -> mentions.add(retired(mention))));
            }
            return mentions;
        }

        private List<BlobMention> mentionsOf(Document document, Map<RegistryFormat, List<String>> prefixes) {
            List<BlobMention> found = new ArrayList<>();
            for (RegistryFormat format : formats) {
                if (prefixes.get(format).stream().anyMatch(document.id()::startsWith)) {
                    found.addAll(format.blobMentions(document));
                }
            }
            return found;
        }

        private static BlobMention retired(BlobMention mention) {
            return new BlobMention(mention.digest(), mention.repository(), mention.format(), false);
        }

        private Marks mark() {
            Marks found = new Marks();
            retired.forEach(found::add);
            for (RegistryFormat format : formats) {
                for (String prefix : format.blobMentionPrefixes()) {
                    String after = null;
                    do {
                        var page = documents.list(prefix, after, PAGE);
                        for (Document document : page.documents()) {
                            // a dry run sees the documents as its retention plan would leave them
                            Optional<Document> seen = planned.getOrDefault(document.id(), Optional.of(document));
                            seen.ifPresent(kept -> format.blobMentions(kept).forEach(found::add));
                        }
                        after = page.next();
                        keepLease();
                    } while (after != null);
                }
            }
            found.complete = true;
            return found;
        }

        /** The bytes each repository keeps, a blob two repositories keep counting in both. */
        private Map<GcMetrics.Owner, Long> usage(Marks marks) {
            Map<GcMetrics.Owner, Long> usage = new HashMap<>();
            marks.keptByRepository.forEach((owner, digests) -> usage.put(
                    owner,
                    digests.stream()
                            .map(sizes::get)
                            .filter(java.util.Objects::nonNull)
                            .mapToLong(StoredBlob::size)
                            .sum()));
            return usage;
        }

        /**
         * After a real run, what it did to each repository, for the operator to show: a run that
         * failed before its mark finished knows no usage, and says why instead.
         */
        void recordStatuses(GcReport report) {
            if (dryRun) {
                return;
            }
            try {
                Map<String, Long> used = new HashMap<>();
                usage(marks).forEach((owner, bytes) -> used.merge(owner.repository(), bytes, Long::sum));
                Map<String, Long> freedBytes = new HashMap<>();
                report.byRepository().stream()
                        .filter(share -> share.repository() != null)
                        .forEach(share -> freedBytes.merge(share.repository(), share.bytes(), Long::sum));
                statuses.record(
                        report.finished(),
                        plan == null ? Map.of() : plan.removedByRepository(),
                        freedBytes,
                        marks.complete ? used : null,
                        plan == null ? Map.of() : plan.errors(),
                        report.error());
            } catch (RuntimeException e) {
                LOG.warn("could not record the lifecycle status of the repositories: {}", e.getMessage());
            }
        }

        private void keepLease() {
            if (Duration.between(renewed, clock.instant())
                            .compareTo(settings.leaseTtl().dividedBy(3))
                    > 0) {
                lease.renew();
                renewed = clock.instant();
            }
        }

        GcReport report(String error) {
            Map<List<String>, GcReport.Share> shares = new LinkedHashMap<>();
            List<GcReport.Item> items = new ArrayList<>();
            long bytes = 0;
            for (StoredBlob blob : freed) {
                BlobMention owner = marks.owners.get(blob.digest());
                String repository = owner == null ? null : owner.repository();
                String format = owner == null ? null : owner.format().wireName();
                shares.merge(
                        java.util.Arrays.asList(repository, format),
                        new GcReport.Share(repository, format, 1, blob.size()),
                        (a, b) -> new GcReport.Share(repository, format, a.blobs() + 1, a.bytes() + b.bytes()));
                items.add(new GcReport.Item(blob.digest().toString(), blob.size(), repository, format));
                bytes += blob.size();
            }
            items.sort(Comparator.comparingLong(GcReport.Item::size).reversed().thenComparing(GcReport.Item::digest));
            List<GcReport.Share> byRepository = new ArrayList<>(shares.values());
            byRepository.sort(Comparator.comparingLong(GcReport.Share::bytes).reversed());
            return new GcReport(
                    id,
                    dryRun,
                    replica,
                    started,
                    clock.instant(),
                    examined,
                    marks.kept.stream().filter(sizes::containsKey).count(),
                    protectedBlobs,
                    spared,
                    freed.size(),
                    bytes,
                    byRepository,
                    plan == null ? List.of() : dryRun ? plan.planned() : plan.applied(),
                    items.subList(0, Math.min(LARGEST, items.size())),
                    markMillis,
                    sweepMillis,
                    uploadsPurged,
                    error);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Refused: another replica holds the lease. */
    public static final class CollectionRunningException extends RuntimeException {
        private final String holder;

        CollectionRunningException(String holder) {
            super("a garbage collection is running on " + holder);
            this.holder = holder;
        }

        public String holder() {
            return holder;
        }
    }
}
