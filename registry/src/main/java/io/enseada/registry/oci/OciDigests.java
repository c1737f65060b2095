package io.enseada.registry.oci;

import io.enseada.registry.storage.Digest;

/** Digests as they arrive in OCI requests: only {@code sha256} is stored; anything else is refused with the spec's code. */
final class OciDigests {
    private OciDigests() {}

    /** @throws OciException DIGEST_INVALID when {@code text} is missing, malformed or not sha256 */
    static Digest parse(String text) {
        if (text == null || text.isEmpty()) {
            throw OciError.DIGEST_INVALID.exception("a digest is required");
        }
        try {
            return Digest.parse(text);
        } catch (IllegalArgumentException e) {
            throw OciError.DIGEST_INVALID.exception(e.getMessage());
        }
    }
}
