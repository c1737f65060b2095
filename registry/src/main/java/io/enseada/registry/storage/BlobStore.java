package io.enseada.registry.storage;

import java.io.InputStream;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The blob store port: bytes stored once under their SHA-256 digest, whatever format or repository
 * they belong to.
 *
 * <p>Bytes always stream; no implementation holds a whole blob in memory. Every write is hashed
 * while it streams and verified before the blob becomes visible under its digest, so a failed
 * check or a crash leaves nothing behind. Upload sessions keep their state (bytes so far and the
 * running hash) in the backend, so any replica can continue a session another one began.
 */
public interface BlobStore {

    Optional<BlobInfo> stat(Digest digest);

    default boolean exists(Digest digest) {
        return stat(digest).isPresent();
    }

    /**
     * Reads {@code length} bytes from {@code offset}; a negative length reads to the end. A range
     * running past the end is cut there, so one starting at or past the end reads nothing.
     *
     * @throws BlobNotFoundException when there is no such blob
     * @throws IllegalArgumentException when {@code offset} is negative
     */
    InputStream open(Digest digest, long offset, long length);

    default InputStream open(Digest digest) {
        return open(digest, 0, -1);
    }

    /**
     * Stores a whole blob in one call.
     *
     * @param expected the digest the bytes must have, or null to store under whatever they hash to
     * @throws DigestMismatchException when the bytes do not hash to {@code expected}; nothing is kept
     */
    BlobInfo put(InputStream content, Digest expected);

    /** @return false when there was no such blob */
    boolean delete(Digest digest);

    /**
     * Stored blobs in digest order, beginning after {@code startAfter} (null: at the first), at
     * most {@code limit} of them. Blobs written or deleted while a listing pages on may or may not
     * appear in it.
     */
    BlobPage list(Digest startAfter, int limit);

    /**
     * Deletes the blobs, in as few requests as the backend allows; one that is already gone is no
     * error. What the deletes leave empty (the filesystem's fan-out folders) goes too.
     */
    void deleteAll(Collection<Digest> digests);

    /**
     * Runs {@code write}, which makes blobs used without storing them (links them into a name,
     * names them in a manifest), such that no garbage collection deletes them under it. It
     * receives those of them that a collection deleted just before, which it must treat as unknown.
     *
     * @throws BlobsCollectedException when a collection deleted one of them while {@code write}
     *     ran; the write must then not be reported done
     */
    default <T> T linking(Collection<Digest> digests, Function<Set<Digest>, T> write) {
        return write.apply(Set.of());
    }

    /** Begins an upload session belonging to {@code owner}, who is kept with its state. */
    UploadState createUpload(UploadOwner owner);

    Optional<UploadState> upload(String uploadId);

    /**
     * Appends to a session. {@code offset} must equal the session's current size.
     *
     * @throws UploadNotFoundException when there is no such session
     * @throws UploadOffsetException when {@code offset} is not the current size; nothing is appended
     */
    UploadState append(String uploadId, long offset, InputStream content);

    /**
     * Verifies the session's bytes against {@code expected} and stores them as that blob; the
     * session is gone afterwards, whether it succeeded or not.
     *
     * @throws UploadNotFoundException when there is no such session
     * @throws DigestMismatchException when the bytes hash to something else; nothing is kept
     */
    BlobInfo complete(String uploadId, Digest expected);

    /** @return false when there was no such session */
    boolean cancel(String uploadId);

    /** Removes sessions last written before {@code cutoff}; returns how many. */
    int purgeUploads(Instant cutoff);

    /** True when the backend answers. */
    boolean ping();
}
