package io.enseada.shared.store.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;

/**
 * What every backend accepts, so that a document written to the embedded store could equally be
 * written to CouchDB: ids are printable ASCII and do not start with {@code _} (CouchDB reserves
 * those), and bodies carry no top-level {@code _} fields (CouchDB rejects them, and {@code _id} or
 * {@code _rev} in a body would contradict the {@link io.enseada.shared.store.Document} beside it).
 */
public final class DocumentRules {
    private DocumentRules() {}

    public static String requireValidId(String id) {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("document id must not be empty");
        }
        if (id.charAt(0) == '_') {
            throw new IllegalArgumentException("document id must not start with '_': " + id);
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException("document id must be printable ASCII without spaces: " + id);
            }
        }
        return id;
    }

    public static ObjectNode requireValidBody(ObjectNode body) {
        if (body == null) {
            throw new IllegalArgumentException("document body must not be null");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (name.startsWith("_")) {
                throw new IllegalArgumentException("document body must not have the reserved field " + name);
            }
        }
        return body;
    }
}
