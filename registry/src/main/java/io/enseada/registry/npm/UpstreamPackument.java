package io.enseada.registry.npm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * A proxy repository's copy of one package's packument, in one {@link PackumentForm}, as its upstream sent it,
 * trusted for {@code metadataMaxAge} after {@code fetched} and then revalidated with its ETag.
 *
 * <p>Written and read by hand rather than by data binding: binding copies the whole packument
 * tree (megabytes for a package with thousands of versions) on every write and every read.
 */
record UpstreamPackument(Instant fetched, String etag, ObjectNode body) {
    private static final String FETCHED = "fetched";
    private static final String ETAG = "etag";
    private static final String BODY = "body";

    /** The stored document; it holds {@link #body()} itself, not a copy. */
    ObjectNode toDocument(ObjectMapper json) {
        ObjectNode document = json.createObjectNode();
        document.put(FETCHED, fetched.toString());
        document.put(ETAG, etag);
        document.set(BODY, body);
        return document;
    }

    /** Reads a stored document; the packument returned is {@code document}'s own, not a copy. */
    static UpstreamPackument of(ObjectNode document, ObjectMapper json) {
        try {
            Instant fetched = json.treeToValue(document.get(FETCHED), Instant.class);
            String etag = document.path(ETAG).isTextual() ? document.get(ETAG).asText() : null;
            if (fetched == null || !(document.get(BODY) instanceof ObjectNode body)) {
                throw new IllegalStateException("unreadable UpstreamPackument document: no fetched or body");
            }
            return new UpstreamPackument(fetched, etag, body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable UpstreamPackument document", e);
        }
    }
}
