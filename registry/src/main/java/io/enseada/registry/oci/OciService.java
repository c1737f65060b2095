package io.enseada.registry.oci;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.enseada.registry.audit.Actor;
import io.enseada.registry.audit.AuditLog;
import io.enseada.registry.storage.BlobInfo;
import io.enseada.registry.storage.BlobNotFoundException;
import io.enseada.registry.storage.BlobStore;
import io.enseada.registry.storage.Digest;
import io.enseada.registry.storage.DigestMismatchException;
import io.enseada.registry.storage.StorageException;
import io.enseada.registry.storage.UploadNotFoundException;
import io.enseada.registry.storage.UploadOffsetException;
import io.enseada.registry.storage.UploadOwner;
import io.enseada.registry.storage.UploadState;
import io.enseada.shared.model.RepositorySpec;
import io.enseada.shared.store.Document;
import io.enseada.shared.store.DocumentStore;
import io.enseada.shared.store.Page;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The distribution API's logic over the two ports: blob bytes in the {@link BlobStore} (once per
 * digest, whichever names link them), everything else in the {@link DocumentStore} under the ids of
 * {@link OciDocumentIds}. Access has been checked before a call arrives here. Every refusal is an
 * {@link OciException} thrown before anything is written.
 */
public final class OciService {
    /** Manifests larger than this are refused (4 MiB, as distribution and most registries). */
    public static final int DEFAULT_MANIFEST_LIMIT = 4 * 1024 * 1024;

    private static final int PAGE = 500;

    private static final long MANIFEST_CACHE_BYTES = 16L * 1024 * 1024;
    /**
     * Manifests up to this size (nearly all: a 15-layer image manifest is ~3 KB) are kept in their
     * metadata record, base64 in JSON, instead of the blob store: a push of an image whose layers
     * are stored then needs only the metadata store, and a pull of it only the cache or one read.
     */
    static final int INLINE_MANIFEST_LIMIT = 64 * 1024;

    private final BlobStore blobs;
    private final OciDocuments documents;
    private final AuditLog audit;
    private final ObjectMapper json;
    private final Clock clock;
    private final int manifestLimit;
    /**
     * Manifest bytes by digest. Every pull starts with manifests, they are small and, being
     * content-addressed, never change, so they are kept in memory instead of read from the blob
     * store (an S3 round trip) on each request.
     */
    private final Cache<Digest, byte[]> manifestBytes = Caffeine.newBuilder()
            .maximumWeight(MANIFEST_CACHE_BYTES)
            .weigher((Digest digest, byte[] bytes) -> bytes.length)
            .build();

    public OciService(
            BlobStore blobs,
            DocumentStore documents,
            AuditLog audit,
            ObjectMapper json,
            Clock clock,
            int manifestLimit) {
        this.audit = audit;
        this.blobs = blobs;
        this.documents = new OciDocuments(documents, json);
        this.json = json;
        this.clock = clock;
        this.manifestLimit = manifestLimit;
    }

    // ---- blobs ----

    public BlobInfo statBlob(RepositorySpec repository, OciName name, Digest digest) {
        return documents
                .get(OciDocumentIds.blob(name, digest), BlobLink.class)
                .map(link -> new BlobInfo(digest, link.size()))
                .orElseThrow(() -> OciError.BLOB_UNKNOWN.exception(
                        "blob " + digest + " is unknown in " + name, Map.of("digest", digest.toString())));
    }

    /** @param rangeHeader the request's {@code Range}, or null */
    public OciResults.BlobRead readBlob(RepositorySpec repository, OciName name, Digest digest, String rangeHeader) {
        BlobInfo info = statBlob(repository, name, digest);
        ByteRange range = ByteRange.parse(rangeHeader, info.size()).orElse(null);
        try {
            InputStream content =
                    range == null ? blobs.open(digest) : blobs.open(digest, range.first(), range.length());
            return new OciResults.BlobRead(digest, info.size(), range, content);
        } catch (BlobNotFoundException e) {
            throw OciError.BLOB_UNKNOWN.exception(
                    "blob " + digest + " is unknown in " + name, Map.of("digest", digest.toString()));
        }
    }

    /** Unlinks the blob from {@code name}; its bytes stay while anything else may still link them. */
    public void deleteBlob(RepositorySpec repository, OciName name, Digest digest, Actor actor) {
        if (!documents.remove(OciDocumentIds.blob(name, digest))) {
            throw OciError.BLOB_UNKNOWN.exception(
                    "blob " + digest + " is unknown in " + name, Map.of("digest", digest.toString()));
        }
        documents.remove(OciDocumentIds.holder(digest, name));
        audit.record(actor, "oci.delete", name + "@" + digest);
    }

    // ---- uploads ----

    /** @param principal the caller's subject: only it may continue the session, and only in {@code name} */
    public UploadState startUpload(RepositorySpec repository, OciName name, String principal) {
        return blobs.createUpload(owner(name, principal));
    }

    /** A whole blob in the POST: stored only when its bytes hash to {@code digest}. */
    public BlobInfo uploadMonolithic(RepositorySpec repository, OciName name, String digest, InputStream body) {
        Digest expected = OciDigests.parse(digest);
        try {
            BlobInfo info = blobs.put(body, expected);
            link(name, info);
            return info;
        } catch (DigestMismatchException e) {
            throw digestInvalid(e);
        }
    }

    /**
     * The mounted blob, or empty when the caller must upload it: unknown in the source, the source
     * not readable, or — without a source — held by no name the caller may read.
     */
    public Optional<BlobInfo> mount(OciRequests.Mount mount) {
        Digest digest = OciDigests.parse(mount.digest());
        if (mount.from() != null) {
            return mount.readable().test(mount.from())
                    ? mountFrom(mount.name(), digest, mount.from())
                    : Optional.empty();
        }
        String prefix = OciDocumentIds.holderPrefix(digest);
        String after = null;
        do {
            Page page = documents.list(prefix, after, PAGE);
            for (Document holder : page.documents()) {
                OciName source = OciDocumentIds.holderName(digest, holder.id());
                if (mount.readable().test(source)) {
                    Optional<BlobInfo> mounted = mountFrom(mount.name(), digest, source);
                    if (mounted.isPresent()) {
                        return mounted;
                    }
                }
            }
            after = page.next();
        } while (after != null);
        return Optional.empty();
    }

    private Optional<BlobInfo> mountFrom(OciName name, Digest digest, OciName source) {
        Optional<BlobLink> link = documents.get(OciDocumentIds.blob(source, digest), BlobLink.class);
        if (link.isEmpty() || !blobs.exists(digest)) {
            return Optional.empty();
        }
        BlobInfo info = new BlobInfo(digest, link.get().size());
        link(name, info);
        return Optional.of(info);
    }

    public UploadState uploadStatus(OciRequests.Session session) {
        return blobs.upload(session.id())
                .filter(state -> state.ownedBy(session.owner()))
                .orElseThrow(() -> uploadUnknown(session.id()));
    }

    public UploadState appendChunk(OciRequests.Chunk chunk) {
        UploadState state = uploadStatus(chunk.session());
        long offset = state.size();
        if (chunk.start() != null) {
            if (chunk.start() != state.size()) {
                throw outOfOrder(
                        state, "chunk starts at " + chunk.start() + " but the upload holds " + state.size() + " bytes");
            }
            if (chunk.end() != null
                    && chunk.contentLength() != null
                    && chunk.end() - chunk.start() + 1 != chunk.contentLength()) {
                throw OciError.SIZE_INVALID.exception("Content-Range " + chunk.start() + "-" + chunk.end()
                        + " does not match Content-Length " + chunk.contentLength());
            }
        }
        String id = chunk.session().id();
        try {
            return blobs.append(id, offset, chunk.body());
        } catch (UploadOffsetException e) {
            throw outOfOrder(uploadStatus(chunk.session()), e.getMessage());
        } catch (UploadNotFoundException e) {
            throw uploadUnknown(id);
        }
    }

    public BlobInfo completeUpload(OciRequests.CompleteUpload request) {
        Digest expected = OciDigests.parse(request.digest());
        OciRequests.Session session = request.session();
        UploadState state = uploadStatus(session);
        if (request.chunk() != null && arrivesWhole(request, state)) {
            return completeInOnePiece(request, expected);
        }
        if (request.chunk() != null) {
            appendChunk(request.chunk());
        }
        try {
            BlobInfo info = blobs.complete(session.id(), expected);
            link(session.name(), info);
            return info;
        } catch (UploadNotFoundException e) {
            throw uploadUnknown(session.id());
        } catch (DigestMismatchException e) {
            throw digestInvalid(e);
        }
    }

    /** The closing PUT carries the whole blob: the session received nothing before it. */
    private static boolean arrivesWhole(OciRequests.CompleteUpload request, UploadState state) {
        Long start = request.chunk().start();
        return (start == null || start == 0) && state.size() == 0;
    }

    /**
     * With nothing to carry between chunks, the blob is stored in one call: the JDK's intrinsic
     * SHA-256 instead of the resumable one, and no copy from the session into place.
     */
    private BlobInfo completeInOnePiece(OciRequests.CompleteUpload request, Digest expected) {
        try {
            BlobInfo info = blobs.put(request.chunk().body(), expected);
            link(request.session().name(), info);
            return info;
        } catch (DigestMismatchException e) {
            throw digestInvalid(e);
        } finally {
            blobs.cancel(request.session().id());
        }
    }

    public void cancelUpload(OciRequests.Session session) {
        uploadStatus(session);
        if (!blobs.cancel(session.id())) {
            throw uploadUnknown(session.id());
        }
    }

    /** The holder entry first, so that a link never exists without it (see {@link OciDocumentIds}). */
    private void link(OciName name, BlobInfo info) {
        documents.putIfAbsent(OciDocumentIds.holder(info.digest(), name), BlobHolder.INSTANCE);
        documents.update(
                OciDocumentIds.blob(name, info.digest()), BlobLink.class, current -> new BlobLink(info.size()));
    }

    static UploadOwner owner(OciName name, String principal) {
        return new UploadOwner("oci:" + name, principal);
    }

    // ---- manifests ----

    public OciResults.ManifestInfo putManifest(OciRequests.PutManifest request) {
        OciResults.ManifestInfo pushed = storeManifest(request);
        audit.record(request.actor(), "oci.push", request.name() + reference(request.reference()));
        return pushed;
    }

    /** How the audit log names a manifest: {@code :tag} or {@code @digest} after the name. */
    private static String reference(Reference reference) {
        return (reference instanceof Tag ? ":" : "@") + reference;
    }

    private OciResults.ManifestInfo storeManifest(OciRequests.PutManifest request) {
        if (request.declaredLength() > manifestLimit) {
            throw manifestTooLarge(); // at once: waiting for a body that will be refused only ties up the connection
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
        for (Digest blob : manifest.blobs()) {
            if (!documents.exists(OciDocumentIds.blob(name, blob))) {
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

        boolean inline = bytes.length <= INLINE_MANIFEST_LIMIT;
        if (!inline) {
            blobs.put(new ByteArrayInputStream(bytes), digest);
        }
        String subject = manifest.subject() == null ? null : manifest.subject().toString();
        documents.put(
                OciDocumentIds.manifest(name, digest),
                new ManifestRecord(manifest.mediaType(), bytes.length, inline ? bytes : null, subject));
        if (manifest.subject() != null) {
            documents.put(
                    OciDocumentIds.referrer(name, manifest.subject(), digest),
                    referrer(manifest, digest, bytes.length));
        }
        if (request.reference() instanceof Tag tag) {
            documents.put(
                    OciDocumentIds.tag(name, tag),
                    new TagRecord(digest.toString(), manifest.mediaType(), bytes.length));
        }
        documents.putIfAbsent(OciDocumentIds.name(name), new NameRecord(clock.instant()));
        manifestBytes.put(digest, bytes);
        return new OciResults.ManifestInfo(digest, manifest.mediaType(), bytes.length, manifest.subject());
    }

    public OciResults.ManifestInfo statManifest(RepositorySpec repository, OciName name, Reference reference) {
        if (reference instanceof Tag tag) {
            TagRecord pointer = documents
                    .get(OciDocumentIds.tag(name, tag), TagRecord.class)
                    .orElseThrow(() -> manifestUnknown(name, reference));
            return new OciResults.ManifestInfo(pointer.manifestDigest(), pointer.mediaType(), pointer.size(), null);
        }
        Digest digest = ((Reference.ByDigest) reference).digest();
        ManifestRecord record = documents
                .get(OciDocumentIds.manifest(name, digest), ManifestRecord.class)
                .orElseThrow(() -> manifestUnknown(name, reference));
        return new OciResults.ManifestInfo(digest, record.mediaType(), record.size(), record.subjectDigest());
    }

    /** @param accept the request's {@code Accept} headers */
    public OciResults.ManifestRead readManifest(
            RepositorySpec repository, OciName name, Reference reference, List<String> accept) {
        OciResults.ManifestInfo info = statManifest(repository, name, reference);
        if (!MediaTypes.accepts(accept, info.mediaType())) {
            throw OciError.MANIFEST_UNKNOWN.exception("manifest " + reference + " is a " + info.mediaType()
                    + ", which the request's Accept header does not admit");
        }
        try {
            return new OciResults.ManifestRead(
                    info,
                    new ByteArrayInputStream(manifestBytes.get(info.digest(), digest -> storedManifest(name, digest))));
        } catch (BlobNotFoundException e) {
            throw manifestUnknown(name, reference);
        }
    }

    /** A tag: removes the tag only. A digest: removes the manifest, the tags pointing at it and its referrer entry. */
    public void deleteManifest(RepositorySpec repository, OciName name, Reference reference, Actor actor) {
        removeManifest(name, reference);
        audit.record(actor, "oci.delete", name + reference(reference));
    }

    private void removeManifest(OciName name, Reference reference) {
        if (reference instanceof Tag tag) {
            if (!documents.remove(OciDocumentIds.tag(name, tag))) {
                throw manifestUnknown(name, reference);
            }
            return;
        }
        Digest digest = ((Reference.ByDigest) reference).digest();
        String id = OciDocumentIds.manifest(name, digest);
        ManifestRecord record =
                documents.get(id, ManifestRecord.class).orElseThrow(() -> manifestUnknown(name, reference));
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

    // ---- listings ----

    /** @param n at most this many tags, or null for all of them; {@code last}: continue after this tag */
    public OciResults.Listing tags(RepositorySpec repository, OciName name, Integer n, String last) {
        String prefix = OciDocumentIds.tagPrefix(name);
        OciResults.Listing listing = scan(prefix, last == null ? null : prefix + last, n, id -> true);
        if (listing.items().isEmpty() && last == null && !documents.exists(OciDocumentIds.name(name))) {
            throw OciError.NAME_UNKNOWN.exception("no image " + name, Map.of("name", name.toString()));
        }
        return listing;
    }

    /** The names {@code readable} admits, in order. */
    public OciResults.Listing catalog(Integer n, String last, Predicate<OciName> readable) {
        String prefix = OciDocumentIds.NAME_PREFIX;
        return scan(prefix, last == null ? null : prefix + last, n, item -> {
            try {
                return readable.test(OciName.parse(item));
            } catch (OciException e) {
                return false;
            }
        });
    }

    public OciResults.Referrers referrers(
            RepositorySpec repository, OciName name, Digest subject, String artifactType) {
        String prefix = OciDocumentIds.referrerPrefix(name, subject);
        List<ReferrerRecord> descriptors = new ArrayList<>();
        documents.forEach(prefix, ReferrerRecord.class, (id, referrer) -> {
            if (artifactType == null || artifactType.equals(referrer.artifactType())) {
                descriptors.add(referrer);
            }
        });
        return new OciResults.Referrers(descriptors, artifactType != null);
    }

    private OciResults.Listing scan(String prefix, String startAfter, Integer n, Predicate<String> keep) {
        List<String> items = new ArrayList<>();
        if (n != null && n <= 0) {
            return new OciResults.Listing(items, null);
        }
        String after = startAfter;
        while (true) {
            // long arithmetic: n may be Integer.MAX_VALUE
            Page page =
                    documents.list(prefix, after, n == null ? PAGE : (int) Math.min(PAGE, (long) n - items.size() + 1));
            for (Document document : page.documents()) {
                String item = document.id().substring(prefix.length());
                if (!keep.test(item)) {
                    continue;
                }
                if (n != null && items.size() == n) {
                    return new OciResults.Listing(items, items.get(items.size() - 1));
                }
                items.add(item);
            }
            if (page.next() == null) {
                return new OciResults.Listing(items, null);
            }
            after = page.next();
        }
    }

    // ---- helpers ----

    private static ReferrerRecord referrer(ParsedManifest manifest, Digest digest, long size) {
        ObjectNode annotations =
                manifest.annotations() == null || manifest.annotations().isEmpty()
                        ? null
                        : manifest.annotations().deepCopy();
        return new ReferrerRecord(manifest.mediaType(), digest.toString(), size, manifest.artifactType(), annotations);
    }

    /** Small manifests live in their record (so a push needs no blob storage), larger ones and older records in the blob store. */
    private byte[] storedManifest(OciName name, Digest digest) {
        byte[] inline = documents
                .get(OciDocumentIds.manifest(name, digest), ManifestRecord.class)
                .map(ManifestRecord::content)
                .orElse(null);
        return inline != null ? inline : readBlob(digest);
    }

    private byte[] readBlob(Digest digest) {
        try (InputStream in = blobs.open(digest)) {
            return in.readAllBytes();
        } catch (IOException e) {
            // The storage's stream broke: an outage for the caller, not a defect.
            throw new StorageException("reading manifest " + digest + " failed", e);
        }
    }

    private byte[] readCapped(InputStream body) {
        try (body) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int read;
            while ((read = body.read(buffer)) >= 0) {
                if (out.size() + read > manifestLimit) {
                    throw manifestTooLarge();
                }
                out.write(buffer, 0, read);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private OciException manifestTooLarge() {
        return OciError.MANIFEST_TOO_LARGE.exception(
                "manifests are limited to " + manifestLimit + " bytes", Map.of("limit", manifestLimit));
    }

    private static Digest sha256(byte[] bytes) {
        try {
            return Digest.of(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OciException manifestUnknown(OciName name, Reference reference) {
        return OciError.MANIFEST_UNKNOWN.exception(
                "manifest " + reference + " is unknown in " + name, Map.of("reference", reference.toString()));
    }

    private static OciException uploadUnknown(String uploadId) {
        return OciError.BLOB_UPLOAD_UNKNOWN.exception("upload " + uploadId + " is unknown");
    }

    private static OciException digestInvalid(DigestMismatchException e) {
        return OciError.DIGEST_INVALID.exception(
                e.getMessage(),
                Map.of("expected", e.expected().toString(), "actual", e.actual().toString()));
    }

    private static OciException outOfOrder(UploadState state, String message) {
        return OciError.RANGE_INVALID.exception(message).withHeaders(Map.of("Range", OciRoutes.uploadRange(state)));
    }
}
