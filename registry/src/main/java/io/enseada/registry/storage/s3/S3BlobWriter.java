package io.enseada.registry.storage.s3;

import io.enseada.registry.storage.BlobInfo;
import io.enseada.registry.storage.Digest;
import io.enseada.registry.storage.HashingInputStream;
import io.enseada.registry.storage.RunningSha256;
import io.enseada.registry.storage.StorageException;
import io.enseada.registry.storage.StorageLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.UUID;

/**
 * Puts verified bytes under their blob key: a whole blob streamed in one call, or an object a
 * session assembled. Nothing appears under a blob key before its digest is verified.
 */
final class S3BlobWriter {
    private final S3Objects objects;
    private final S3PartSizes sizes;

    S3BlobWriter(S3Objects objects, S3PartSizes sizes) {
        this.objects = objects;
        this.sizes = sizes;
    }

    BlobInfo put(InputStream content, Digest expected) {
        RunningSha256 hash = RunningSha256.oneShot();
        HashingInputStream in = new HashingInputStream(content, hash);
        try {
            if (expected != null && objects.size(StorageLayout.blob(expected)).isPresent()) {
                // Stored already: the bytes still have to prove they are that blob.
                in.transferTo(OutputStream.nullOutputStream());
                return new BlobInfo(hash.verify(expected), in.count());
            }
            PartBuffer part = new PartBuffer(sizes.partSize());
            if (!part.fill(in)) {
                // The whole blob is in hand, so it is verified before the one PUT.
                Digest digest = hash.verify(expected);
                store(digest, part);
                return new BlobInfo(digest, part.length());
            }
            return putInParts(part, in, hash, expected);
        } catch (IOException e) {
            throw new StorageException("reading blob content failed", e);
        }
    }

    /** Writes a blob held whole in {@code part}, unless it is stored already. */
    void store(Digest digest, PartBuffer part) {
        String key = StorageLayout.blob(digest);
        if (objects.size(key).isEmpty()) {
            objects.write(key, part.body());
        }
    }

    /** Copies a verified object of {@code size} bytes to the blob key, unless it is stored already. */
    void promote(String sourceKey, Digest digest, long size) {
        String key = StorageLayout.blob(digest);
        if (objects.size(key).isPresent()) {
            return;
        }
        if (size <= sizes.maxCopySize()) {
            objects.copy(sourceKey, key);
            return;
        }
        MultipartWrite copy = new MultipartWrite(objects, key);
        try {
            for (long first = 0; first < size; first += sizes.copyPartSize()) {
                copy.copyPart(sourceKey, first, Math.min(first + sizes.copyPartSize(), size) - 1);
            }
            copy.complete();
        } catch (RuntimeException e) {
            copy.abort();
            throw e;
        }
    }

    /**
     * A multipart upload is invisible until completed, so with a known digest it goes straight to
     * the blob key; without one it goes to a temp key and is copied once the digest is known.
     */
    private BlobInfo putInParts(PartBuffer part, HashingInputStream in, RunningSha256 hash, Digest expected)
            throws IOException {
        String key = expected != null
                ? StorageLayout.blob(expected)
                : StorageLayout.temp(UUID.randomUUID().toString());
        MultipartWrite write = new MultipartWrite(objects, key);
        Digest digest;
        try {
            write.uploadWhileFull(part, in);
            if (!part.isEmpty()) {
                write.upload(part);
            }
            digest = hash.verify(expected);
            write.complete();
        } catch (IOException | RuntimeException e) {
            write.abort();
            throw e;
        }
        if (expected == null) {
            try {
                promote(key, digest, in.count());
            } finally {
                objects.delete(key);
            }
        }
        return new BlobInfo(digest, in.count());
    }
}
