package io.enseada.registry.lifecycle;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * The document {@code gc:lease}: which replica collects, until when its lease runs, and whether it
 * is deleting. Every entry into a deleting phase counts one more {@code epoch}, so a writer that
 * read the state before and after its write knows whether a deletion overlapped it.
 *
 * @param holder  the replica collecting, or null when none is
 * @param expires when the holder's lease lapses unless renewed; another replica may take it then
 * @param epoch   how many deleting phases have begun, ever
 */
record SweepState(String holder, Instant expires, long epoch, boolean deleting) {
    static final String ID = "gc:lease";
    static final SweepState NONE = new SweepState(null, Instant.EPOCH, 0, false);

    boolean heldAt(Instant now) {
        return holder != null && expires.isAfter(now);
    }

    static SweepState of(ObjectNode body) {
        if (body == null) {
            return NONE;
        }
        return new SweepState(
                body.path("holder").isTextual() ? body.path("holder").asText() : null,
                Instant.parse(body.path("expires").asText(Instant.EPOCH.toString())),
                body.path("epoch").asLong(0),
                body.path("deleting").asBoolean(false));
    }

    ObjectNode toJson() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        if (holder != null) {
            body.put("holder", holder);
        } else {
            body.putNull("holder");
        }
        return body.put("expires", expires.toString()).put("epoch", epoch).put("deleting", deleting);
    }
}
