package io.enseada.registry.oci;

import io.enseada.registry.storage.Digest;

/**
 * The document {@code oci:tag:<name>:<tag>}: the manifest the tag points at, with what a HEAD of
 * the tag answers, so that it needs no second read.
 *
 * @param digest the manifest's {@code sha256:<hex>} digest
 */
public record TagRecord(String digest, String mediaType, long size) {

    Digest manifestDigest() {
        return Digest.parse(digest);
    }

    boolean pointsAt(Digest manifest) {
        return digest.equals(manifest.toString());
    }
}
