package io.enseada.registry.storage;

import java.time.Instant;

/**
 * A blob as a listing of the store finds it.
 *
 * @param stored when its bytes were last written: the start of its grace period
 */
public record StoredBlob(Digest digest, long size, Instant stored) {}
