package io.enseada.registry.npm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * A proxy repository's copy of one package's packument, in one {@link PackumentForm}, as its upstream sent it,
 * trusted for {@code metadataMaxAge} after {@code fetched} and then revalidated with its ETag.
 */
record UpstreamPackument(Instant fetched, String etag, ObjectNode body) {}
