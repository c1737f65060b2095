package io.enseada.registry.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.enseada.registry.storage.Digest;
import java.time.Instant;

/**
 * The document {@code oci:tag:<name>:<tag>}: the manifest the tag points at, with what a HEAD of
 * the tag answers, so that it needs no second read.
 *
 * @param digest the manifest's {@code sha256:<hex>} digest
 * @param pushed when the tag was last pushed, what retention ages it by; null for tags written
 *               before it was recorded
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TagRecord(String digest, String mediaType, long size, Instant pushed) {

    TagRecord withPushed(Instant at) {
        return new TagRecord(digest, mediaType, size, at);
    }

    Digest manifestDigest() {
        return Digest.parse(digest);
    }

    boolean pointsAt(Digest manifest) {
        return digest.equals(manifest.toString());
    }
}
