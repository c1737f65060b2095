package io.enseada.registry.maven;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A deployed file as its metadata document keeps it: the blob holding its bytes and the checksums
 * computed while they streamed in.
 *
 * @param digest    the blob's {@code sha256:<hex>} digest
 * @param requested a proxy's cached file: when a client last asked for it (to the hour, see
 *                  {@link RequestStamps}); null for deployed files and for files cached before it
 *                  was recorded
 */
public record FileRecord(
        String digest,
        long size,
        Checksums checksums,
        Instant deployed,
        String deployedBy,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant requested) {

    FileRecord withRequested(Instant at) {
        return new FileRecord(digest, size, checksums, deployed, deployedBy, at);
    }

    /** The same bytes stored at the same time: a record another request only stamped is the same fill. */
    boolean sameFill(FileRecord other) {
        return other != null && digest.equals(other.digest) && deployed.equals(other.deployed);
    }
}
