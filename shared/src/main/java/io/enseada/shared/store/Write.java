package io.enseada.shared.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One write of {@link DocumentStore#writeAll}: a put of {@code body} over revision {@code rev}
 * (null creates), or, when {@code body} is null, the deletion of revision {@code rev}.
 */
public record Write(String id, String rev, ObjectNode body) {

    public Write {
        Objects.requireNonNull(id, "id");
        if (body == null) {
            Objects.requireNonNull(rev, "a deletion needs the revision it deletes");
        }
    }

    public static Write put(String id, String rev, ObjectNode body) {
        return new Write(id, rev, Objects.requireNonNull(body, "body"));
    }

    public static Write delete(String id, String rev) {
        return new Write(id, rev, null);
    }

    public boolean deletes() {
        return body == null;
    }
}
