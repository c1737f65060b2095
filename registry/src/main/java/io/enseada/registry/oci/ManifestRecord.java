package io.enseada.registry.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.enseada.registry.storage.Digest;

/**
 * The document {@code oci:manifest:<name>@<digest>}: what a HEAD of the manifest answers, and the
 * manifest's bytes when they are small enough to keep here.
 *
 * @param content the manifest's exact bytes (base64 in JSON), or null when they are the blob
 *                {@code <digest>}: manifests over {@link ManifestContent#INLINE_LIMIT}, and
 *                every manifest stored before manifests were kept inline
 * @param subject the {@code sha256:<hex>} digest of the manifest's subject, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ManifestRecord(String mediaType, long size, byte[] content, String subject) {

    Digest subjectDigest() {
        return subject == null ? null : Digest.parse(subject);
    }
}
