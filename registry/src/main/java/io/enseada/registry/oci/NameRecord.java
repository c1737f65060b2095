package io.enseada.registry.oci;

import java.time.Instant;

/**
 * The document {@code oci:name:<name>}: an image name that has received a manifest, which is what
 * puts it in the catalog and lets an image without tags list none instead of being unknown.
 */
public record NameRecord(Instant created) {}
