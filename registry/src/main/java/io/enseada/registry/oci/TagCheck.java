package io.enseada.registry.oci;

import java.time.Instant;

/**
 * The document {@code oci:tag-checked:<name>:<tag>} of a proxy repository: when the upstream last
 * said where the tag points. The tag is trusted for {@code metadataMaxAge} after that, then checked
 * again with a HEAD.
 */
public record TagCheck(Instant checked) {}
