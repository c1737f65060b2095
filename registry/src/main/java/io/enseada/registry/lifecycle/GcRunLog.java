package io.enseada.registry.lifecycle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.shared.store.Document;
import io.enseada.shared.store.DocumentStore;
import java.util.List;

/**
 * The reports of recent collections, newest first: documents {@code gc:run:<n>} whose number
 * falls as time goes on, so that a scan of the prefix starts with the latest. The oldest beyond
 * {@link #KEPT} are removed.
 */
final class GcRunLog {
    static final String PREFIX = "gc:run:";
    static final int KEPT = 50;

    private final DocumentStore store;
    private final ObjectMapper json;

    GcRunLog(DocumentStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    static String id(GcReport report) {
        // zero-padded so that ids sort as numbers, to the clock's precision; the run's own id breaks a tie
        return PREFIX + String.format("%019d", Long.MAX_VALUE - report.started().getEpochSecond())
                + String.format("%09d", 999_999_999 - report.started().getNano()) + "-" + report.id();
    }

    void record(GcReport report) {
        ObjectNode body = json.valueToTree(report);
        store.update(id(report), current -> body);
        List<Document> beyond = store.scan(PREFIX, KEPT + 1).skip(KEPT).toList();
        beyond.forEach(old -> store.update(old.id(), current -> null));
    }

    List<GcReport> recent(int limit) {
        return store.list(PREFIX, null, limit).documents().stream()
                .map(document -> read(document.body()))
                .toList();
    }

    private GcReport read(ObjectNode body) {
        try {
            return json.treeToValue(body, GcReport.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable collection report", e);
        }
    }
}
