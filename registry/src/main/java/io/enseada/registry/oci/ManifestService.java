package io.enseada.registry.oci;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.registry.audit.Actor;
import io.enseada.registry.audit.AuditLog;
import io.enseada.registry.storage.BlobNotFoundException;
import io.enseada.registry.storage.BlobsCollectedException;
import io.enseada.registry.storage.Digest;
import io.enseada.shared.model.RepositorySpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Manifests of a name: pushed by tag or digest once everything they reference is there, read and
 * deleted, and listed as the referrers of their subject. Each push writes the manifest's record,
 * its referrer entry, its tag and the name's record ({@link OciDocumentIds}); a refused manifest
 * writes none of them.
 */
final class ManifestService {
    private static final Logger LOG = LoggerFactory.getLogger(ManifestService.class);
    /** Manifests larger than this are refused (4 MiB, as distribution and most registries). */
    static final int DEFAULT_LIMIT = 4 * 1024 * 1024;

    private final OciDocuments documents;
    private final ManifestContent content;
    private final BlobService blobs;
    private final AuditLog audit;
    private final ObjectMapper json;
    private final Clock clock;
    private final int limit;

    /** @param limit the largest manifest accepted, in bytes */
    ManifestService(
            OciDocuments documents,
            ManifestContent content,
            BlobService blobs,
            AuditLog audit,
            ObjectMapper json,
            Clock clock,
            int limit) {
        this.documents = documents;
        this.content = content;
        this.blobs = blobs;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
        this.limit = limit;
    }

    OciResults.ManifestInfo put(OciRequests.PutManifest request) {
        OciResults.ManifestInfo pushed = store(request);
        audit.record(request.actor(), "oci.push", request.name() + auditName(request.reference()));
        return pushed;
    }

    private OciResults.ManifestInfo store(OciRequests.PutManifest request) {
        if (request.declaredLength() > limit) {
            throw tooLarge(); // at once: waiting for a body that will be refused only ties up the connection
        }
        byte[] bytes = readCapped(request.body());
        ParsedManifest manifest = ParsedManifest.parse(json, request.contentType(), bytes);
        Digest digest = sha256(bytes);
        if (request.reference() instanceof Reference.ByDigest byDigest
                && !byDigest.digest().equals(digest)) {
            throw OciError.DIGEST_INVALID.exception(
                    "manifest digest is " + digest + ", not " + byDigest.digest(),
                    Map.of("digest", byDigest.digest().toString()));
        }
        OciName name = request.name();
        List<Digest> kept = new ArrayList<>(manifest.blobs());
        kept.add(digest);
        try {
            // checked and recorded in one bracket, so that no garbage collection deletes a layer in between
            blobs.linking(kept, gone -> {
                for (Digest blob : manifest.blobs()) {
                    if (gone.contains(blob) || !blobs.isLinked(name, blob)) {
                        throw OciError.MANIFEST_BLOB_UNKNOWN.exception(
                                "blob " + blob + " is unknown in " + name, Map.of("digest", blob.toString()));
                    }
                }
                for (Digest child : manifest.manifests()) {
                    if (!documents.exists(OciDocumentIds.manifest(name, child))) {
                        throw OciError.MANIFEST_BLOB_UNKNOWN.exception(
                                "manifest " + child + " is unknown in " + name, Map.of("digest", child.toString()));
                    }
                }
                record(name, request.reference() instanceof Tag tag ? tag : null, digest, bytes, manifest);
                return null;
            });
        } catch (BlobsCollectedException e) {
            LOG.error(
                    "manifest {}@{} was recorded while a garbage collection deleted {}: it stays, and pulls of it"
                            + " fail until it is pushed again",
                    name,
                    digest,
                    e.lost());
            Digest lost = e.lost().iterator().next();
            throw OciError.MANIFEST_BLOB_UNKNOWN.exception(
                    "blob " + lost + " was deleted by a garbage collection while the manifest was pushed; push again",
                    Map.of("digest", lost.toString()));
        }
        return new OciResults.ManifestInfo(digest, manifest.mediaType(), bytes.length, manifest.subject());
    }

    /**
     * Writes a checked manifest's records: its own, its referrer entry, the tag (when given) and the
     * name's. What it references is the caller's to check: a push requires it, a proxy fetches it
     * when asked.
     */
    void record(OciName name, Tag tag, Digest digest, byte[] bytes, ParsedManifest manifest) {
        byte[] inline = content.store(digest, bytes);
        String subject = manifest.subject() == null ? null : manifest.subject().toString();
        Instant now = clock.instant();
        documents.put(
                OciDocumentIds.manifest(name, digest),
                new ManifestRecord(manifest.mediaType(), bytes.length, inline, subject, now, null));
        if (manifest.subject() != null) {
            documents.put(
                    OciDocumentIds.referrer(name, manifest.subject(), digest),
                    ReferrerRecord.of(manifest, digest, bytes.length));
        }
        if (tag != null) {
            documents.put(
                    OciDocumentIds.tag(name, tag),
                    new TagRecord(digest.toString(), manifest.mediaType(), bytes.length, now));
        }
        documents.putIfAbsent(OciDocumentIds.name(name), new NameRecord(clock.instant()));
        content.remember(digest, bytes);
    }

    OciResults.ManifestInfo stat(RepositorySpec repository, OciName name, Reference reference) {
        if (reference instanceof Tag tag) {
            TagRecord pointer = documents
                    .get(OciDocumentIds.tag(name, tag), TagRecord.class)
                    .orElseThrow(() -> unknown(name, reference));
            return new OciResults.ManifestInfo(pointer.manifestDigest(), pointer.mediaType(), pointer.size(), null);
        }
        Digest digest = ((Reference.ByDigest) reference).digest();
        ManifestRecord record = documents
                .get(OciDocumentIds.manifest(name, digest), ManifestRecord.class)
                .orElseThrow(() -> unknown(name, reference));
        return new OciResults.ManifestInfo(digest, record.mediaType(), record.size(), record.subjectDigest());
    }

    /** @param accept the request's {@code Accept} headers */
    OciResults.ManifestRead read(RepositorySpec repository, OciName name, Reference reference, List<String> accept) {
        OciResults.ManifestInfo info = stat(repository, name, reference);
        if (!MediaTypes.accepts(accept, info.mediaType())) {
            throw OciError.MANIFEST_UNKNOWN.exception("manifest " + reference + " is a " + info.mediaType()
                    + ", which the request's Accept header does not admit");
        }
        try {
            return new OciResults.ManifestRead(info, new ByteArrayInputStream(content.read(name, info.digest())));
        } catch (BlobNotFoundException e) {
            throw unknown(name, reference);
        }
    }

    /** A tag: removes the tag only. A digest: removes the manifest, the tags pointing at it and its referrer entry. */
    void delete(RepositorySpec repository, OciName name, Reference reference, Actor actor) {
        if (reference instanceof Tag tag) {
            if (!documents.remove(OciDocumentIds.tag(name, tag))) {
                throw unknown(name, reference);
            }
        } else {
            removeManifest(name, ((Reference.ByDigest) reference).digest(), reference);
        }
        audit.record(actor, "oci.delete", name + auditName(reference));
    }

    private void removeManifest(OciName name, Digest digest, Reference reference) {
        String id = OciDocumentIds.manifest(name, digest);
        ManifestRecord record = documents.get(id, ManifestRecord.class).orElseThrow(() -> unknown(name, reference));
        documents.forEach(OciDocumentIds.tagPrefix(name), TagRecord.class, (tagId, pointer) -> {
            if (pointer.pointsAt(digest)) {
                documents.update(
                        tagId,
                        TagRecord.class,
                        current -> current != null && current.pointsAt(digest) ? null : current);
            }
        });
        if (record.subject() != null) {
            documents.remove(OciDocumentIds.referrer(name, record.subjectDigest(), digest));
        }
        documents.remove(id);
    }

    /** @param artifactType only referrers of this artifact type, or null for all */
    OciResults.Referrers referrers(RepositorySpec repository, OciName name, Digest subject, String artifactType) {
        List<ReferrerRecord> descriptors = new ArrayList<>();
        documents.forEach(OciDocumentIds.referrerPrefix(name, subject), ReferrerRecord.class, (id, referrer) -> {
            if (artifactType == null || artifactType.equals(referrer.artifactType())) {
                descriptors.add(referrer);
            }
        });
        return new OciResults.Referrers(descriptors, artifactType != null);
    }

    /** How the audit log names a manifest: {@code :tag} or {@code @digest} after the name. */
    private static String auditName(Reference reference) {
        return (reference instanceof Tag ? ":" : "@") + reference;
    }

    private byte[] readCapped(InputStream body) {
        try (body) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int read;
            while ((read = body.read(buffer)) >= 0) {
                if (out.size() + read > limit) {
                    throw tooLarge();
                }
                out.write(buffer, 0, read);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private OciException tooLarge() {
        return OciError.MANIFEST_TOO_LARGE.exception(
                "manifests are limited to " + limit + " bytes", Map.of("limit", limit));
    }

    static Digest sha256(byte[] bytes) {
        try {
            return Digest.of(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static OciException unknown(OciName name, Reference reference) {
        return OciError.MANIFEST_UNKNOWN.exception(
                "manifest " + reference + " is unknown in " + name, Map.of("reference", reference.toString()));
    }
}
