package io.enseada.registry.storage;

import java.time.Instant;

/** An upload session as the backend knows it: bytes received so far and when it was last written. */
public record UploadState(String id, long size, Instant startedAt, Instant updatedAt) {
}
