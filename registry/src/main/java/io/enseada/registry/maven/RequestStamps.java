package io.enseada.registry.maven;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.repository.UseStamps;
import io.enseada.shared.store.DocumentStore;
import java.time.Clock;
import java.time.Instant;

/**
 * When a proxy's cached files were last requested, for {@code unusedFor}: the file record's
 * {@code requested}, written as {@link UseStamps} allows (at most hourly, off the request's
 * thread), so that a build reading the same jars all day writes almost nothing.
 */
final class RequestStamps implements AutoCloseable {
    private final DocumentStore documents;
    private final ObjectMapper json;
    private final UseStamps stamps;

    RequestStamps(DocumentStore documents, ObjectMapper json, Clock clock) {
        this.documents = documents;
        this.json = json;
        this.stamps = new UseStamps("maven-request-stamps", clock);
    }

    /** A client asked for the file of document {@code id}. */
    void requested(String id) {
        stamps.served(id, now -> stamp(id, now));
    }

    private void stamp(String id, Instant now) {
        documents.update(id, body -> {
            if (body == null) {
                return null;
            }
            FileRecord record = read(body);
            // another replica stamped it within the hour
            if (record.requested() != null && record.requested().isAfter(now.minus(UseStamps.EVERY))) {
                return body;
            }
            return (ObjectNode) json.valueToTree(record.withRequested(now));
        });
    }

    private FileRecord read(ObjectNode body) {
        try {
            return json.treeToValue(body, FileRecord.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable FileRecord document", e);
        }
    }

    /** Waits until every stamp asked for so far is written. */
    void flush() {
        stamps.flush();
    }

    @Override
    public void close() {
        stamps.close();
    }
}
