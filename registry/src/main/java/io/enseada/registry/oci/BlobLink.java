package io.enseada.registry.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * The document {@code oci:blob:<name>@<digest>}: the blob is linked into the name. Its bytes live
 * once in the blob store; the size is kept here so that a HEAD answers from the metadata alone.
 *
 * @param requested a proxy's: when a client last pulled the blob, to the hour ({@link RequestStamps});
 *                  null until then, and in hosted repositories
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BlobLink(long size, Instant requested) {

    BlobLink(long size) {
        this(size, null);
    }

    BlobLink withRequested(Instant at) {
        return new BlobLink(size, at);
    }
}
