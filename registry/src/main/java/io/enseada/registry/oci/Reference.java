package io.enseada.registry.oci;

import io.enseada.registry.storage.Digest;

/** What follows {@code /manifests/}: a tag or a digest. */
public sealed interface Reference permits Tag, Reference.ByDigest {

    record ByDigest(Digest digest) implements Reference {
        @Override
        public String toString() {
            return digest.toString();
        }
    }

    /**
     * A reference to look a manifest up by: a tag no manifest can have is simply unknown.
     *
     * @throws OciException MANIFEST_UNKNOWN for a malformed tag, DIGEST_INVALID for a malformed digest
     */
    static Reference lookup(String text) {
        if (text != null && !text.contains(":") && !Tag.isValid(text)) {
            throw OciError.MANIFEST_UNKNOWN.exception(
                    "no manifest can be tagged " + text, java.util.Map.of("reference", text));
        }
        return parse(text);
    }

    /**
     * A reference to push a manifest to.
     *
     * @throws OciException MANIFEST_INVALID for a malformed tag, DIGEST_INVALID for a malformed or
     *                      unsupported digest
     */
    static Reference parse(String text) {
        if (text != null && text.contains(":")) {
            return new ByDigest(OciDigests.parse(text));
        }
        if (!Tag.isValid(text)) {
            throw OciError.MANIFEST_INVALID.exception("invalid tag: " + text);
        }
        return new Tag(text);
    }
}
