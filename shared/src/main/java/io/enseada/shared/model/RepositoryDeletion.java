package io.enseada.shared.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * A request to delete a repository together with its packages, carried in the repository's own
 * document under {@link #FIELD}. Whoever removes the repository (the Kubernetes operator, for a
 * Repository with {@code deletionPolicy: Delete}) writes it; every registry replica then answers
 * for the repository as if it did not exist, removes the metadata of its content, and last removes
 * the repository document itself, which tells the requester that the purge is complete.
 *
 * @param requestedBy who asked, e.g. {@code Repository/<namespace>/<name>}
 */
public record RepositoryDeletion(String requestedBy, Instant requestedAt) {
    public static final String FIELD = "deletion";

    /** Whether the repository document {@code body} carries a deletion request. */
    public static boolean isRequested(JsonNode body) {
        return body != null && body.hasNonNull(FIELD);
    }

    /** {@code body} with this request added (a copy; an earlier request is kept). */
    public ObjectNode addTo(ObjectNode body) {
        ObjectNode copy = body.deepCopy();
        if (!isRequested(copy)) {
            copy.putObject(FIELD).put("requestedBy", requestedBy).put("requestedAt", requestedAt.toString());
        }
        return copy;
    }
}
