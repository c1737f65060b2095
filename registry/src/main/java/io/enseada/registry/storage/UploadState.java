package io.enseada.registry.storage;

import java.time.Instant;

/**
 * An upload session as the backend knows it: bytes received so far, when it was last written, and
 * its owner (null only for a session written before sessions had owners).
 */
public record UploadState(String id, long size, Instant startedAt, Instant updatedAt, UploadOwner owner) {

    public boolean ownedBy(UploadOwner candidate) {
        return owner != null && owner.equals(candidate);
    }
}
