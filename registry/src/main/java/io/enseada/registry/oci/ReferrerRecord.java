package io.enseada.registry.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.storage.Digest;

/**
 * The document {@code oci:referrer:<name>@<subject>:<digest>}: a manifest whose {@code subject} is
 * {@code <subject>}, as the descriptor a referrers index lists for it.
 *
 * @param digest       the referring manifest's {@code sha256:<hex>} digest
 * @param artifactType the manifest's artifact type, or null
 * @param annotations  the manifest's own annotations, copied as they came (open content of the
 *                     protocol, so kept as JSON), or null when it has none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReferrerRecord(String mediaType, String digest, long size, String artifactType, ObjectNode annotations) {

    static ReferrerRecord of(ParsedManifest manifest, Digest digest, long size) {
        ObjectNode annotations =
                manifest.annotations() == null || manifest.annotations().isEmpty()
                        ? null
                        : manifest.annotations().deepCopy();
        return new ReferrerRecord(manifest.mediaType(), digest.toString(), size, manifest.artifactType(), annotations);
    }
}
