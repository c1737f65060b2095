package io.enseada.registry.oci;

import io.enseada.registry.repository.Removal;
import io.enseada.registry.storage.Digest;
import io.enseada.shared.model.Format;
import io.enseada.shared.model.RepositorySpec;
import io.enseada.shared.store.Document;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A proxy repository's {@code retention.unusedFor}: cached manifests and blob links nobody pulled
 * for that long ({@link RequestStamps}; a manifest cached and never pulled since counts from when it
 * was cached) are evicted, so that the collection frees the layers no other manifest keeps and the
 * next pull fetches them from the upstream again. An evicted manifest takes the tags that point at
 * it, which the next pull asks the upstream for; an item without any time stays.
 */
final class OciEviction {
    private final OciDocuments documents;

    OciEviction(OciDocuments documents) {
        this.documents = documents;
    }

    List<Removal> plan(RepositorySpec repository, Instant now) {
        Duration unusedFor = repository.retention().unusedFor();
        Instant cutoff = now.minus(unusedFor);
        String reason = "unusedFor: not pulled for over " + ImageRetention.spelled(unusedFor);
        Map<String, List<Document>> tagsByManifest = new HashMap<>();
        documents.scan(OciDocumentIds.tagsOf(repository.name())).forEach(document -> {
            TagRecord tag = documents.record(document, TagRecord.class);
            OciName name = OciDocumentIds.tagNameIn(document.id());
            tagsByManifest
                    .computeIfAbsent(OciDocumentIds.manifest(name, tag.manifestDigest()), id -> new ArrayList<>())
                    .add(document);
        });
        List<Removal> removals = new ArrayList<>();
        documents.scan(OciDocumentIds.manifestsOf(repository.name())).forEach(document -> {
            ManifestRecord record = documents.record(document, ManifestRecord.class);
            Instant last = latest(record.pushed(), record.requested());
            if (last == null || !last.isBefore(cutoff)) {
                return;
            }
            OciName name = OciDocumentIds.nameIn(document.id());
            Digest digest = OciDocumentIds.digestIn(document.id());
            List<Document> tags = tagsByManifest.getOrDefault(document.id(), List.of());
            List<Document> gone = new ArrayList<>(tags);
            gone.add(document);
            if (record.subject() != null) {
                documents
                        .document(OciDocumentIds.referrer(name, record.subjectDigest(), digest))
                        .ifPresent(gone::add);
            }
            removals.add(new Removal(
                    repository.name(),
                    Format.OCI,
                    "cached",
                    name.image() + "@" + digest,
                    reason + " (manifest)",
                    gone,
                    List.of(),
                    () -> evictManifest(name, digest, document, record)));
        });
        documents.scan(OciDocumentIds.blobsOf(repository.name())).forEach(document -> {
            BlobLink link = documents.record(document, BlobLink.class);
            if (link.requested() == null || !link.requested().isBefore(cutoff)) {
                return;
            }
            OciName name = OciDocumentIds.nameIn(document.id());
            removals.add(new Removal(
                    repository.name(),
                    Format.OCI,
                    "cached",
                    name.image() + "@" + OciDocumentIds.digestIn(document.id()),
                    reason + " (blob)",
                    List.of(document),
                    List.of(),
                    () -> documents.delete(document)));
        });
        return removals;
    }

    /**
     * Unless a pull stamped or a fetch rewrote the manifest since the plan read it: its tags first
     * (a proxy asks the upstream for a tag it lacks, so losing one to a pull in between costs one
     * request), then its referrer entry, then the record at the revision read.
     */
    private boolean evictManifest(OciName name, Digest digest, Document planned, ManifestRecord record) {
        boolean unchanged = documents
                .document(planned.id())
                .map(current -> current.rev().equals(planned.rev()))
                .orElse(false);
        if (!unchanged) {
            return false;
        }
        documents.scan(OciDocumentIds.tagPrefix(name)).forEach(tag -> {
            if (documents.record(tag, TagRecord.class).pointsAt(digest)) {
                documents.update(
                        tag.id(),
                        TagRecord.class,
                        current -> current != null && current.pointsAt(digest) ? null : current);
                documents.remove(OciDocumentIds.tagChecked(name, OciDocumentIds.tagIn(tag.id())));
            }
        });
        if (record.subject() != null) {
            documents.remove(OciDocumentIds.referrer(name, record.subjectDigest(), digest));
        }
        return documents.delete(planned);
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    /** Gives the cached items without a time {@code now}, so that their unused time counts from it. */
    void stamp(RepositorySpec repository, Instant now) {
        documents.scan(OciDocumentIds.manifestsOf(repository.name())).forEach(document -> {
            ManifestRecord record = documents.record(document, ManifestRecord.class);
            if (record.pushed() == null && record.requested() == null) {
                documents.replace(document, record.withRequested(now));
            }
        });
        documents.scan(OciDocumentIds.blobsOf(repository.name())).forEach(document -> {
            BlobLink link = documents.record(document, BlobLink.class);
            if (link.requested() == null) {
                documents.replace(document, link.withRequested(now));
            }
        });
    }
}
