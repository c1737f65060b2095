package io.enseada.registry.oci;

import io.enseada.registry.audit.Actor;
import io.enseada.registry.audit.AuditLog;
import io.enseada.registry.storage.BlobInfo;
import io.enseada.registry.storage.BlobNotFoundException;
import io.enseada.registry.storage.BlobStore;
import io.enseada.registry.storage.BlobsCollectedException;
import io.enseada.registry.storage.Digest;
import io.enseada.shared.model.RepositorySpec;
import io.enseada.shared.store.Document;
import io.enseada.shared.store.Page;
import java.io.InputStream;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Blobs as names see them: a blob's bytes live once in the {@link BlobStore}, and a name has the
 * blob when it links it ({@link BlobLink}, with its {@link BlobHolder} entry). Access has been
 * checked before a call arrives here.
 */
final class BlobService {
    private final BlobStore blobs;
    private final OciDocuments documents;
    private final AuditLog audit;

    BlobService(BlobStore blobs, OciDocuments documents, AuditLog audit) {
        this.blobs = blobs;
        this.documents = documents;
        this.audit = audit;
    }

    BlobInfo stat(RepositorySpec repository, OciName name, Digest digest) {
        return documents
                .get(OciDocumentIds.blob(name, digest), BlobLink.class)
                .map(link -> new BlobInfo(digest, link.size()))
                .orElseThrow(() -> blobUnknown(name, digest));
    }

    /** @param rangeHeader the request's {@code Range}, or null */
    OciResults.BlobRead read(RepositorySpec repository, OciName name, Digest digest, String rangeHeader) {
        BlobInfo info = stat(repository, name, digest);
        ByteRange range = ByteRange.parse(rangeHeader, info.size()).orElse(null);
        try {
            InputStream content =
                    range == null ? blobs.open(digest) : blobs.open(digest, range.first(), range.length());
            return new OciResults.BlobRead(digest, info.size(), range, content);
        } catch (BlobNotFoundException e) {
            throw blobUnknown(name, digest);
        }
    }

    /** Unlinks the blob from {@code name}; its bytes stay while anything else may still link them. */
    void delete(RepositorySpec repository, OciName name, Digest digest, Actor actor) {
        if (!documents.remove(OciDocumentIds.blob(name, digest))) {
            throw blobUnknown(name, digest);
        }
        documents.remove(OciDocumentIds.holder(digest, name));
        audit.record(actor, "oci.delete", name + "@" + digest);
    }

    /**
     * The mounted blob, or empty when the caller must upload it: unknown in the source, the source
     * not readable, or — without a source — held by no name the caller may read.
     */
    Optional<BlobInfo> mount(OciRequests.Mount mount) {
        Digest digest = OciDigests.parse(mount.digest());
        if (mount.from() != null) {
            return mount.readable().test(mount.from())
                    ? mountFrom(mount.name(), digest, mount.from())
                    : Optional.empty();
        }
        String prefix = OciDocumentIds.holderPrefix(digest);
        String after = null;
        do {
            Page page = documents.list(prefix, after, OciDocuments.PAGE);
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
        try {
            return blobs.linking(List.of(digest), gone -> {
                Optional<BlobLink> link = documents.get(OciDocumentIds.blob(source, digest), BlobLink.class);
                if (gone.contains(digest) || link.isEmpty() || !blobs.exists(digest)) {
                    return Optional.empty();
                }
                BlobInfo info = new BlobInfo(digest, link.get().size());
                link(name, info);
                return Optional.of(info);
            });
        } catch (BlobsCollectedException e) {
            // collected while it was being mounted: the client uploads it instead
            documents.remove(OciDocumentIds.blob(name, digest));
            documents.remove(OciDocumentIds.holder(digest, name));
            return Optional.empty();
        }
    }

    /** See {@link BlobStore#linking}: a manifest's push names the blobs it references. */
    <T> T linking(Collection<Digest> digests, Function<Set<Digest>, T> write) {
        return blobs.linking(digests, write);
    }

    /** Whether {@code name} links the blob, as a manifest pushed to it requires of every blob it references. */
    boolean isLinked(OciName name, Digest digest) {
        return documents.exists(OciDocumentIds.blob(name, digest));
    }

    /** The holder entry first, so that a link never exists without it (see {@link OciDocumentIds}). */
    void link(OciName name, BlobInfo info) {
        documents.putIfAbsent(OciDocumentIds.holder(info.digest(), name), BlobHolder.INSTANCE);
        documents.update(
                OciDocumentIds.blob(name, info.digest()),
                BlobLink.class,
                current -> current != null && current.size() == info.size() ? current : new BlobLink(info.size()));
    }

    static OciException blobUnknown(OciName name, Digest digest) {
        return OciError.BLOB_UNKNOWN.exception(
                "blob " + digest + " is unknown in " + name, Map.of("digest", digest.toString()));
    }
}
