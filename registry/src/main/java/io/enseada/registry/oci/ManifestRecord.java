package io.enseada.registry.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.enseada.registry.storage.Digest;
import java.time.Instant;

/**
 * The document {@code oci:manifest:<name>@<digest>}: what a HEAD of the manifest answers, and the
 * manifest's bytes when they are small enough to keep here.
 *
 * @param content the manifest's exact bytes (base64 in JSON), or null when they are the blob
 *                {@code <digest>}: manifests over {@link ManifestContent#INLINE_LIMIT}, and
 *                every manifest stored before manifests were kept inline
 * @param subject the {@code sha256:<hex>} digest of the manifest's subject, or null
 * @param pushed  when the manifest was last written (pushed, or cached by a proxy), what retention
 *                ages an untagged manifest by; null for records written before it was recorded
 * @param requested a proxy's: when a client last pulled it, to the hour ({@link RequestStamps}); null
 *                  until then
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ManifestRecord(
        String mediaType, long size, byte[] content, String subject, Instant pushed, Instant requested) {

    ManifestRecord withPushed(Instant at) {
        return new ManifestRecord(mediaType, size, content, subject, at, requested);
    }

    ManifestRecord withRequested(Instant at) {
        return new ManifestRecord(mediaType, size, content, subject, pushed, at);
    }

    Digest subjectDigest() {
        return subject == null ? null : Digest.parse(subject);
    }
}
