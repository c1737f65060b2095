package io.enseada.registry.oci;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.registry.repository.Removal;
import io.enseada.registry.storage.BlobNotFoundException;
import io.enseada.registry.storage.Digest;
import io.enseada.shared.model.Format;
import io.enseada.shared.model.RepositorySpec;
import io.enseada.shared.model.RetentionOptions;
import io.enseada.shared.store.Document;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hosted OCI repository's retention as removals: its tags and manifests read image by image,
 * judged by {@link ImageRetention}, each removal deleting what a client's own DELETE would (a
 * tag's document; a manifest's record and its referrer entry) and applied only if nothing it
 * rests on changed since the plan read it. The layers a removed manifest alone kept are freed by
 * the collection that follows.
 */
final class OciRetention {
    private static final Logger LOG = LoggerFactory.getLogger(OciRetention.class);

    private final OciDocuments documents;
    private final ManifestContent content;
    private final ObjectMapper json;

    OciRetention(OciDocuments documents, ManifestContent content, ObjectMapper json) {
        this.documents = documents;
        this.content = content;
        this.json = json;
    }

    /** One image as the plan read it: its documents, by id. */
    private static final class Image {
        final Map<String, Document> tags = new TreeMap<>();
        final Map<String, Document> manifests = new TreeMap<>();
    }

    List<Removal> plan(RepositorySpec repository, Instant now) {
        RetentionOptions options = repository.retention();
        Map<OciName, Image> images = new TreeMap<>();
        documents
                .scan(OciDocumentIds.tagsOf(repository.name()))
                .forEach(
                        document -> images.computeIfAbsent(OciDocumentIds.tagNameIn(document.id()), name -> new Image())
                                .tags
                                .put(document.id(), document));
        if (options.untaggedOlderThan() != null) {
            documents
                    .scan(OciDocumentIds.manifestsOf(repository.name()))
                    .forEach(document -> images.computeIfAbsent(
                                    OciDocumentIds.nameIn(document.id()), name -> new Image())
                            .manifests
                            .put(document.id(), document));
        }
        List<Removal> removals = new ArrayList<>();
        images.forEach((name, image) -> removals.addAll(plan(repository, options, name, image, now)));
        return removals;
    }

    private List<Removal> plan(
            RepositorySpec repository, RetentionOptions options, OciName name, Image image, Instant now) {
        List<ImageRetention.TagFact> tags = new ArrayList<>();
        Map<Tag, Document> tagDocuments = new HashMap<>();
        image.tags.values().forEach(document -> {
            TagRecord record = documents.record(document, TagRecord.class);
            Tag tag = OciDocumentIds.tagIn(document.id());
            tagDocuments.put(tag, document);
            tags.add(new ImageRetention.TagFact(tag, record.manifestDigest(), record.pushed()));
        });
        List<ImageRetention.ManifestFact> manifests = new ArrayList<>();
        Map<Digest, Document> manifestDocuments = new HashMap<>();
        Map<String, String> revisions = new HashMap<>();
        image.manifests.values().forEach(document -> {
            Digest digest = OciDocumentIds.digestIn(document.id());
            manifestDocuments.put(digest, document);
            revisions.put(document.id(), document.rev());
            ManifestRecord record = documents.record(document, ManifestRecord.class);
            manifests.add(new ImageRetention.ManifestFact(
                    digest, record.pushed(), children(name, digest, record), record.subjectDigest()));
        });
        ImageRetention.Decision decision = ImageRetention.decide(options, tags, manifests, now);
        List<Removal> removals = new ArrayList<>();
        Since since = new Since(name, revisions);
        for (ImageRetention.Verdict<ImageRetention.TagFact> verdict : decision.tags()) {
            Document document = tagDocuments.get(verdict.fact().tag());
            removals.add(new Removal(
                    repository.name(),
                    Format.OCI,
                    "tag",
                    name.image() + ":" + verdict.fact().tag(),
                    verdict.reason(),
                    List.of(document),
                    List.of(),
                    () -> documents.delete(document)));
        }
        for (ImageRetention.Verdict<ImageRetention.ManifestFact> verdict : decision.manifests()) {
            ImageRetention.ManifestFact manifest = verdict.fact();
            Document document = manifestDocuments.get(manifest.digest());
            List<Document> gone = new ArrayList<>(List.of(document));
            Optional<Document> referrer = manifest.subject() == null
                    ? Optional.empty()
                    : documents.document(OciDocumentIds.referrer(name, manifest.subject(), manifest.digest()));
            referrer.ifPresent(gone::add);
            removals.add(new Removal(
                    repository.name(),
                    Format.OCI,
                    "manifest",
                    name.image() + "@" + manifest.digest(),
                    verdict.reason(),
                    gone,
                    List.of(),
                    () -> removeManifest(name, manifest, document, since)));
        }
        return removals;
    }

    /**
     * Removes the manifest unless it changed, a tag points at it now, or a manifest written since
     * the plan lists it. The record goes first and only at the revision read: a push of it, or of a
     * tag pointing at it, rewrites it and so keeps it.
     */
    private boolean removeManifest(OciName name, ImageRetention.ManifestFact manifest, Document planned, Since since) {
        Digest digest = manifest.digest();
        if (since.needed().contains(digest) || !documents.delete(planned)) {
            return false;
        }
        if (manifest.subject() != null) {
            documents.remove(OciDocumentIds.referrer(name, manifest.subject(), digest));
        }
        return true;
    }

    /**
     * What an image's tags point at and its manifests written since the plan list, read once per
     * image when its first manifest is applied: one scan per image, not per manifest. A push after
     * that scan rewrites the record it tags, which the revision check catches; an index pushed in
     * that window over a child about to go is the one case left, as with a client's own DELETE.
     */
    private final class Since {
        private final OciName name;
        private final Map<String, String> revisions;
        private Set<Digest> needed;

        Since(OciName name, Map<String, String> revisions) {
            this.name = name;
            this.revisions = revisions;
        }

        Set<Digest> needed() {
            if (needed == null) {
                Set<Digest> found = new HashSet<>();
                documents
                        .scan(OciDocumentIds.tagPrefix(name))
                        .forEach(document -> found.add(
                                documents.record(document, TagRecord.class).manifestDigest()));
                documents
                        .scan(OciDocumentIds.manifestPrefix(name))
                        .filter(document -> !document.rev().equals(revisions.get(document.id())))
                        .forEach(document -> found.addAll(children(
                                name,
                                OciDocumentIds.digestIn(document.id()),
                                documents.record(document, ManifestRecord.class))));
                needed = found;
            }
            return needed;
        }
    }

    /** What an index lists; nothing for an image manifest, or for one whose bytes are lost. */
    private List<Digest> children(OciName name, Digest digest, ManifestRecord record) {
        if (!MediaTypes.INDEXES.contains(record.mediaType())) {
            return List.of();
        }
        try {
            byte[] bytes = record.content() != null ? record.content() : content.read(name, digest);
            return ParsedManifest.parse(json, record.mediaType(), bytes).manifests();
        } catch (BlobNotFoundException e) {
            LOG.warn("index {}@{} has lost its bytes: retention cannot see its children", name, digest);
            return List.of();
        }
    }

    /** Gives the tags and manifests without a time {@code now}, so that the age rules count from it. */
    void stamp(RepositorySpec repository, Instant now) {
        documents.scan(OciDocumentIds.tagsOf(repository.name())).forEach(document -> {
            TagRecord record = documents.record(document, TagRecord.class);
            if (record.pushed() == null) {
                documents.replace(document, record.withPushed(now));
            }
        });
        documents.scan(OciDocumentIds.manifestsOf(repository.name())).forEach(document -> {
            ManifestRecord record = documents.record(document, ManifestRecord.class);
            if (record.pushed() == null) {
                documents.replace(document, record.withPushed(now));
            }
        });
    }
}
