package io.enseada.registry.maven;

import java.time.Instant;

/**
 * A deployed file as its metadata document keeps it: the blob holding its bytes and the checksums
 * computed while they streamed in.
 *
 * @param digest the blob's {@code sha256:<hex>} digest
 */
public record FileRecord(String digest, long size, Checksums checksums, Instant deployed, String deployedBy) {}
