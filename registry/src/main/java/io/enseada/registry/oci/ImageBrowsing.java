package io.enseada.registry.oci;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.registry.repository.browse.ImageDetail;
import io.enseada.registry.repository.browse.PackageDetail;
import io.enseada.registry.repository.browse.PackageSummary;
import io.enseada.registry.storage.BlobNotFoundException;
import io.enseada.registry.storage.Digest;
import io.enseada.shared.model.RepositoryKind;
import io.enseada.shared.model.RepositorySpec;
import io.enseada.shared.store.Document;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The images of a repository as the management API shows them, read from the OCI documents as they
 * are stored. A listing is two prefix scans of the repository (its tags, its manifests) whatever
 * the number of images; one image's page adds a scan of its referrers and, per image manifest, a
 * read of its config for the build date. A proxy shows what its cache holds, which is what these
 * documents are; a group holds none of its own.
 */
final class ImageBrowsing {
    private static final Comparator<Instant> NEWEST_FIRST = Comparator.nullsLast(Comparator.reverseOrder());

    private final OciDocuments documents;
    private final ManifestContent content;
    private final ConfigCreation creation;
    private final ObjectMapper json;

    ImageBrowsing(OciDocuments documents, ManifestContent content, ConfigCreation creation, ObjectMapper json) {
        this.documents = documents;
        this.content = content;
        this.creation = creation;
        this.json = json;
    }

    /** One summary per image name that holds a manifest, unsorted. */
    List<PackageSummary> packages(RepositorySpec repository) {
        if (repository.kind() == RepositoryKind.GROUP) {
            return List.of();
        }
        Map<OciName, Image> images = new HashMap<>();
        documents.scan(OciDocumentIds.manifestsOf(repository.name())).forEach(document -> {
            OciName name = OciDocumentIds.nameIn(document.id());
            images.computeIfAbsent(name, n -> new Image()).add(manifest(name, document));
        });
        documents.scan(OciDocumentIds.tagsOf(repository.name())).forEach(document -> {
            Image image = images.get(OciDocumentIds.tagNameIn(document.id()));
            if (image != null) {
                image.tags.put(
                        OciDocumentIds.tagIn(document.id()).value(), documents.record(document, TagRecord.class));
            }
        });
        List<PackageSummary> summaries = new ArrayList<>(images.size());
        images.forEach((name, image) -> summaries.add(image.summary(name.image())));
        return summaries;
    }

    /** The image {@code path} of {@code repository}, or empty when it holds no manifest under that name. */
    Optional<PackageDetail> detail(RepositorySpec repository, String path) {
        OciName name;
        try {
            name = new OciName(repository.name(), path);
        } catch (OciException invalid) {
            return Optional.empty();
        }
        if (repository.kind() == RepositoryKind.GROUP || name.toString().length() > OciName.MAX_LENGTH) {
            return Optional.empty();
        }
        Image image = new Image();
        documents.scan(OciDocumentIds.manifestPrefix(name)).forEach(document -> image.add(manifest(name, document)));
        if (image.manifests.isEmpty()) {
            return Optional.empty();
        }
        documents
                .scan(OciDocumentIds.tagPrefix(name))
                .forEach(document -> image.tags.put(
                        OciDocumentIds.tagIn(document.id()).value(), documents.record(document, TagRecord.class)));
        Map<String, List<ImageDetail.Referrer>> referrers = new HashMap<>();
        documents.scan(OciDocumentIds.referrersOf(name)).forEach(document -> {
            ReferrerRecord referrer = documents.record(document, ReferrerRecord.class);
            referrers
                    .computeIfAbsent(
                            OciDocumentIds.referrerSubjectIn(name, document.id())
                                    .toString(),
                            subject -> new ArrayList<>())
                    .add(new ImageDetail.Referrer(
                            referrer.digest(), referrer.artifactType(), referrer.mediaType(), referrer.size()));
        });
        return Optional.of(image.detail(path, referrers));
    }

    private Manifest manifest(OciName name, Document document) {
        Digest digest = OciDocumentIds.digestIn(document.id());
        ManifestRecord record = documents.record(document, ManifestRecord.class);
        byte[] bytes = record.content();
        if (bytes == null) {
            try {
                bytes = content.read(name, digest);
            } catch (BlobNotFoundException e) {
                return new Manifest(digest.toString(), record, StoredManifest.unreadable(record.mediaType()));
            }
        }
        return new Manifest(digest.toString(), record, StoredManifest.read(json, record.mediaType(), bytes));
    }

    private record Manifest(String digest, ManifestRecord record, StoredManifest parsed) {}

    /** What the documents of one image name say, gathered from the scans. */
    private final class Image {
        final Map<String, Manifest> manifests = new LinkedHashMap<>();
        final Map<String, TagRecord> tags = new TreeMap<>();

        void add(Manifest manifest) {
            manifests.put(manifest.digest(), manifest);
        }

        PackageSummary summary(String path) {
            Map<String, Long> blobs = new HashMap<>();
            long bytes = 0;
            Instant updated = null;
            for (Manifest manifest : manifests.values()) {
                bytes += manifest.record().size();
                manifest.parsed().blobs().forEach(blob -> blobs.putIfAbsent(blob.digest(), blob.size()));
                updated = later(updated, manifest.record().pushed());
            }
            bytes += blobs.values().stream().mapToLong(Long::longValue).sum();
            String latest = null;
            Instant latestPushed = null;
            for (Map.Entry<String, TagRecord> tag : tags.entrySet()) {
                Instant pushed = tag.getValue().pushed();
                updated = later(updated, pushed);
                if (latest == null || (pushed != null && (latestPushed == null || pushed.isAfter(latestPushed)))) {
                    latest = tag.getKey();
                    latestPushed = pushed;
                }
            }
            return new PackageSummary(path, null, latest, tags.size(), updated, bytes, List.copyOf(tags.keySet()));
        }

        ImageDetail detail(String path, Map<String, List<ImageDetail.Referrer>> referrers) {
            List<ImageDetail.TagEntry> tagEntries = tags.entrySet().stream()
                    .map(tag -> new ImageDetail.TagEntry(
                            tag.getKey(),
                            tag.getValue().digest(),
                            tag.getValue().pushed()))
                    .sorted(Comparator.comparing(ImageDetail.TagEntry::pushed, NEWEST_FIRST)
                            .thenComparing(ImageDetail.TagEntry::tag))
                    .toList();
            List<ImageDetail.ManifestEntry> entries = manifests.values().stream()
                    .map(manifest -> entry(manifest, referrers.getOrDefault(manifest.digest(), List.of())))
                    .sorted(Comparator.comparing(ImageDetail.ManifestEntry::pushed, NEWEST_FIRST)
                            .thenComparing(ImageDetail.ManifestEntry::digest))
                    .toList();
            return new ImageDetail(path, tagEntries, entries);
        }

        private ImageDetail.ManifestEntry entry(Manifest manifest, List<ImageDetail.Referrer> referrers) {
            StoredManifest parsed = manifest.parsed();
            List<ImageDetail.Platform> platforms = new ArrayList<>();
            Map<String, Long> blobs = new HashMap<>();
            long size = manifest.record().size();
            if (parsed.isIndex()) {
                for (StoredManifest.Child child : parsed.children()) {
                    Manifest stored = manifests.get(child.digest());
                    long childSize = child.size();
                    if (stored != null) {
                        childSize = stored.record().size() + sizeOf(stored.parsed());
                        stored.parsed().blobs().forEach(blob -> blobs.putIfAbsent(blob.digest(), blob.size()));
                    }
                    size += stored != null ? stored.record().size() : child.size();
                    platforms.add(new ImageDetail.Platform(
                            child.platform() == null ? "unknown" : child.platform(), child.digest(), childSize));
                }
            } else {
                parsed.blobs().forEach(blob -> blobs.putIfAbsent(blob.digest(), blob.size()));
            }
            size += blobs.values().stream().mapToLong(Long::longValue).sum();
            List<ImageDetail.Layer> layers = parsed.layers().stream()
                    .map(layer -> new ImageDetail.Layer(layer.digest(), layer.mediaType(), layer.size()))
                    .toList();
            return new ImageDetail.ManifestEntry(
                    manifest.digest(),
                    parsed.mediaType(),
                    parsed.artifactType(),
                    size,
                    parsed.isIndex() ? null : creation.of(parsed.config()),
                    manifest.record().pushed(),
                    platforms,
                    layers,
                    referrers);
        }
    }

    /** The bytes of the distinct blobs a manifest names. */
    private static long sizeOf(StoredManifest manifest) {
        Map<String, Long> blobs = new HashMap<>();
        manifest.blobs().forEach(blob -> blobs.putIfAbsent(blob.digest(), blob.size()));
        return blobs.values().stream().mapToLong(Long::longValue).sum();
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b != null && b.isAfter(a) ? b : a;
    }
}
