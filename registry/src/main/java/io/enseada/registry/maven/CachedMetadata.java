package io.enseada.registry.maven;

import java.time.Instant;

/**
 * A proxy repository's copy of one {@code maven-metadata.xml} of its upstream, served as the
 * upstream wrote it until {@code metadataMaxAge} has passed since {@code fetched}.
 */
record CachedMetadata(String xml, Checksums checksums, Instant fetched) {}
