package io.enseada.registry.storage;

import java.time.Instant;

/**
 * What every backend persists about an upload session: bytes received, the running hash over them,
 * when the session began and was last written, and its owner. Serialized as JSON into the
 * session's state.
 *
 * @param hashState {@link ResumableSha256#encodedState()} after the last byte received
 */
public record UploadProgress(long size, byte[] hashState, Instant startedAt, Instant updatedAt, UploadOwner owner) {

    public static UploadProgress start(UploadOwner owner, Instant now) {
        return new UploadProgress(0, ResumableSha256.start().encodedState(), now, now, owner);
    }

    public ResumableSha256 hash() {
        return ResumableSha256.resume(hashState);
    }

    /** The progress after {@code appended} more bytes went through {@code hash}. */
    public UploadProgress advance(ResumableSha256 hash, long appended, Instant now) {
        return new UploadProgress(size + appended, hash.encodedState(), startedAt, now, owner);
    }

    public UploadState toState(String id) {
        return new UploadState(id, size, startedAt, updatedAt, owner);
    }
}
