package io.enseada.registry.oci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.shared.store.Document;
import io.enseada.shared.store.DocumentConflictException;
import io.enseada.shared.store.DocumentStore;
import io.enseada.shared.store.Page;
import io.enseada.shared.store.Write;
import io.enseada.shared.store.WriteResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The OCI documents of the metadata port as their records: the one place their JSON is read and
 * written.
 */
final class OciDocuments {
    /** How many documents one scan reads at a time. */
    static final int PAGE = 500;

    private final DocumentStore documents;
    private final ObjectMapper json;

    OciDocuments(DocumentStore documents, ObjectMapper json) {
        this.documents = documents;
        this.json = json;
    }

    <T> Optional<T> get(String id, Class<T> type) {
        return documents.get(id).map(document -> read(document.body(), type));
    }

    boolean exists(String id) {
        return documents.get(id).isPresent();
    }

    void put(String id, Object record) {
        ObjectNode body = json.valueToTree(record);
        documents.update(id, current -> body.deepCopy());
    }

    /** Writes {@code record} unless the document exists, whatever it holds. */
    void putIfAbsent(String id, Object record) {
        ObjectNode body = json.valueToTree(record);
        documents.update(id, current -> current != null ? current : body.deepCopy());
    }

    /**
     * Read-modify-write of one record, retried on conflict: {@code change} receives the record or
     * null when absent, and returns the record to store or null to remove it. Returning an equal
     * record writes nothing.
     */
    <T> void update(String id, Class<T> type, UnaryOperator<T> change) {
        documents.update(id, current -> {
            T before = current == null ? null : read(current, type);
            T after = change.apply(before);
            if (after == null) {
                return null;
            }
            return after.equals(before) ? current : json.valueToTree(after);
        });
    }

    /** @return false when there was no such document */
    boolean remove(String id) {
        if (documents.get(id).isEmpty()) {
            return false;
        }
        documents.update(id, current -> null);
        return true;
    }

    /**
     * Removes the documents {@code ids}, in batches of the store's bulk write: the collector's
     * thousands of links would otherwise each cost a commit. A document changed meanwhile is
     * removed on its own.
     */
    void removeAll(Collection<String> ids) {
        List<Write> batch = new ArrayList<>();
        for (String id : ids) {
            documents.get(id).ifPresent(document -> batch.add(Write.delete(document.id(), document.rev())));
            if (batch.size() == DocumentStore.MAX_WRITES) {
                removeBatch(batch);
            }
        }
        removeBatch(batch);
    }

    private void removeBatch(List<Write> batch) {
        if (batch.isEmpty()) {
            return;
        }
        for (WriteResult result : documents.writeAll(batch)) {
            if (!result.written()) {
                remove(result.id());
            }
        }
        batch.clear();
    }

    /** Every document under {@code prefix}, in id order, with its id. */
    <T> void forEach(String prefix, Class<T> type, BiConsumer<String, T> action) {
        String after = null;
        do {
            Page page = documents.list(prefix, after, PAGE);
            for (Document document : page.documents()) {
                action.accept(document.id(), read(document.body(), type));
            }
            after = page.next();
        } while (after != null);
    }

    /** Every document under {@code prefix} as stored, with its revision, read a page at a time. */
    Stream<Document> scan(String prefix) {
        return documents.scan(prefix, PAGE);
    }

    Optional<Document> document(String id) {
        return documents.get(id);
    }

    /** Deletes the document if it is still at revision {@code rev}; false when it changed or is gone. */
    boolean delete(Document document) {
        try {
            return documents.delete(document.id(), document.rev());
        } catch (DocumentConflictException e) {
            return false;
        }
    }

    /** Replaces the document if it is still at revision {@code rev}; false when it changed or is gone. */
    boolean replace(Document document, Object record) {
        try {
            documents.put(document.id(), document.rev(), json.valueToTree(record));
            return true;
        } catch (DocumentConflictException e) {
            return false;
        }
    }

    /** A stored document's body as its record. */
    <T> T record(Document document, Class<T> type) {
        return read(document.body(), type);
    }

    /** The document {@code record} would be stored as in place of {@code document} (same id and revision). */
    Document as(Document document, Object record) {
        return new Document(document.id(), document.rev(), json.valueToTree(record));
    }

    /** One page of ids under {@code prefix}: listings need no bodies, only where to continue. */
    Page list(String prefix, String startAfter, int limit) {
        return documents.list(prefix, startAfter, limit);
    }

    private <T> T read(ObjectNode body, Class<T> type) {
        try {
            return json.treeToValue(body, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable " + type.getSimpleName() + " document", e);
        }
    }
}
