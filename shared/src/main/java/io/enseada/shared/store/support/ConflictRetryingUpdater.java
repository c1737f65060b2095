package io.enseada.shared.store.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.shared.store.Document;
import io.enseada.shared.store.DocumentConflictException;
import io.enseada.shared.store.DocumentStore;
import io.enseada.shared.store.DocumentStoreException;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@link DocumentStore#update} built from get, put and delete: both backends share it, so the
 * read-modify-write semantics cannot drift apart between them.
 */
public final class ConflictRetryingUpdater {
    private final RetryPolicy policy;

    public ConflictRetryingUpdater(RetryPolicy policy) {
        this.policy = policy;
    }

    public Optional<Document> update(DocumentStore store, String id, UnaryOperator<ObjectNode> change) {
        DocumentConflictException lastConflict = null;
        for (int attempt = 0; attempt < policy.maxAttempts(); attempt++) {
            if (attempt > 0) {
                pause(id, attempt - 1, lastConflict);
            }
            try {
                return attempt(store, id, change);
            } catch (DocumentConflictException e) {
                lastConflict = e;
            }
        }
        throw lastConflict;
    }

    private static Optional<Document> attempt(DocumentStore store, String id, UnaryOperator<ObjectNode> change) {
        Optional<Document> current = store.get(id);
        ObjectNode before = current.map(Document::body).orElse(null);
        ObjectNode after = change.apply(before == null ? null : before.deepCopy());
        if (after == null) {
            if (current.isPresent()) {
                // A concurrent delete of the same revision also leaves it absent: nothing to retry.
                store.delete(id, current.get().rev());
            }
            return Optional.empty();
        }
        if (after.equals(before)) {
            return current;
        }
        return Optional.of(store.put(id, current.map(Document::rev).orElse(null), after));
    }

    private void pause(String id, int retry, DocumentConflictException conflict) {
        try {
            policy.pause(retry);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DocumentStoreException("interrupted while retrying the update of " + id, conflict);
        }
    }
}
