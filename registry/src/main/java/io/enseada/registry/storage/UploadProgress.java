package io.enseada.registry.storage;

import java.time.Instant;

/**
 * What every backend persists about an upload session: bytes received, the running hash over them
 * and when the session began and was last written. Serialized as JSON into the session's state.
 *
 * @param hashState {@link ResumableSha256#encodedState()} after the last byte received
 */
public record UploadProgress(long size, byte[] hashState, Instant startedAt, Instant updatedAt) {

    public static UploadProgress start(Instant now) {
        return new UploadProgress(0, ResumableSha256.start().encodedState(), now, now);
    }

    public ResumableSha256 hash() {
        return ResumableSha256.resume(hashState);
    }

    /** The progress after {@code appended} more bytes went through {@code hash}. */
    public UploadProgress advance(ResumableSha256 hash, long appended, Instant now) {
        return new UploadProgress(size + appended, hash.encodedState(), startedAt, now);
    }

    public UploadState toState(String id) {
        return new UploadState(id, size, startedAt, updatedAt);
    }
}
