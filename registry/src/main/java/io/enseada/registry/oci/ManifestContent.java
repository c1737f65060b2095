package io.enseada.registry.oci;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.enseada.registry.storage.BlobStore;
import io.enseada.registry.storage.Digest;
import io.enseada.registry.storage.StorageException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Where a manifest's exact bytes live: small ones in their {@link ManifestRecord}, larger ones (and
 * those of older records) in the blob store, and recently used ones in memory.
 */
final class ManifestContent {
    /**
     * Manifests up to this size (nearly all: a 15-layer image manifest is ~3 KB) are kept in their
     * metadata record, base64 in JSON, instead of the blob store: a push of an image whose layers
     * are stored then needs only the metadata store, and a pull of it only the cache or one read.
     */
    static final int INLINE_LIMIT = 64 * 1024;

    private static final long CACHE_BYTES = 16L * 1024 * 1024;

    private final BlobStore blobs;
    private final OciDocuments documents;
    /**
     * Manifest bytes by digest. Every pull starts with manifests, they are small and, being
     * content-addressed, never change, so they are kept in memory instead of read from the blob
     * store (an S3 round trip) on each request.
     */
    private final Cache<Digest, byte[]> cache = Caffeine.newBuilder()
            .maximumWeight(CACHE_BYTES)
            .weigher((Digest digest, byte[] bytes) -> bytes.length)
            .build();

    ManifestContent(BlobStore blobs, OciDocuments documents) {
        this.blobs = blobs;
        this.documents = documents;
    }

    /** @return the bytes for the manifest's record to keep, or null when they went to the blob store */
    byte[] store(Digest digest, byte[] bytes) {
        if (bytes.length <= INLINE_LIMIT) {
            return bytes;
        }
        blobs.put(new ByteArrayInputStream(bytes), digest);
        return null;
    }

    /** Called once the manifest's records are written, so that its first pull needs no read. */
    void remember(Digest digest, byte[] bytes) {
        cache.put(digest, bytes);
    }

    /** @throws io.enseada.registry.storage.BlobNotFoundException when the bytes are in neither place */
    byte[] read(OciName name, Digest digest) {
        return cache.get(digest, missing -> stored(name, missing));
    }

    private byte[] stored(OciName name, Digest digest) {
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
}
