package io.enseada.shared.store.couchdb;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.shared.couchdb.CouchDbBulkResult;
import io.enseada.shared.couchdb.CouchDbChange;
import io.enseada.shared.couchdb.CouchDbChanges;
import io.enseada.shared.couchdb.CouchDbClient;
import io.enseada.shared.couchdb.CouchDbException;
import io.enseada.shared.couchdb.CouchDbRow;
import io.enseada.shared.store.Change;
import io.enseada.shared.store.ChangeSubscription;
import io.enseada.shared.store.Document;
import io.enseada.shared.store.DocumentConflictException;
import io.enseada.shared.store.DocumentStore;
import io.enseada.shared.store.DocumentStoreException;
import io.enseada.shared.store.Page;
import io.enseada.shared.store.Write;
import io.enseada.shared.store.WriteResult;
import io.enseada.shared.store.support.ChangeBatch;
import io.enseada.shared.store.support.ConflictRetryingUpdater;
import io.enseada.shared.store.support.DocumentRules;
import io.enseada.shared.store.support.OpenSubscriptions;
import io.enseada.shared.store.support.PageBuilder;
import io.enseada.shared.store.support.PollingSubscription;
import io.enseada.shared.store.support.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The metadata port on one CouchDB database. Call {@link #ensureDatabase()} once before use (the
 * constructor does no I/O).
 */
public final class CouchDbDocumentStore implements DocumentStore {
    // Sorts after every ASCII character, so [prefix, prefix + PREFIX_END] is exactly the prefix.
    private static final String PREFIX_END = "\ufff0";
    private static final Duration LONG_POLL = Duration.ofSeconds(25);
    private static final int CHANGES_PER_POLL = 500;

    private final CouchDbClient client;
    private final ConflictRetryingUpdater updater;
    private final RetryPolicy reconnects;
    private final OpenSubscriptions subscriptions = new OpenSubscriptions();

    public CouchDbDocumentStore(CouchDbClient client) {
        this(client, RetryPolicy.conflicts(), RetryPolicy.reconnects());
    }

    public CouchDbDocumentStore(CouchDbClient client, RetryPolicy conflicts, RetryPolicy reconnects) {
        this.client = client;
        this.updater = new ConflictRetryingUpdater(conflicts);
        this.reconnects = reconnects;
    }

    /** Creates the database unless it exists; idempotent. */
    public void ensureDatabase() {
        try {
            client.ensureDatabase();
        } catch (CouchDbException e) {
            throw translate(null, e);
        }
    }

    @Override
    public Optional<Document> get(String id) {
        DocumentRules.requireValidId(id);
        return translate(id, () -> client.getDocument(id)).map(CouchDbDocumentStore::toDocument);
    }

    @Override
    public Document put(String id, String rev, ObjectNode body) {
        DocumentRules.requireValidId(id);
        DocumentRules.requireValidBody(body);
        String newRev = translate(id, () -> client.putDocument(id, rev, body));
        return new Document(id, newRev, body.deepCopy());
    }

    @Override
    public boolean delete(String id, String rev) {
        DocumentRules.requireValidId(id);
        Optional<String> tombstone;
        try {
            tombstone = client.deleteDocument(id, rev);
        } catch (CouchDbException e) {
            if (!e.isConflict()) {
                throw translate(id, e);
            }
            tombstone = Optional.empty();
        }
        if (tombstone.isPresent()) {
            return true;
        }
        // 409 or 404 alone cannot tell "someone else deleted it" (false) from "it has another
        // revision" (a conflict); PouchDB even answers 404 to a revision the document never had.
        if (get(id).isPresent()) {
            throw new DocumentConflictException(id);
        }
        return false;
    }

    @Override
    public List<WriteResult> writeAll(List<Write> writes) {
        DocumentStore.requireBatch(writes);
        if (writes.isEmpty()) {
            return List.of();
        }
        List<ObjectNode> docs = new ArrayList<>(writes.size());
        for (Write write : writes) {
            DocumentRules.requireValidId(write.id());
            ObjectNode doc = write.deletes()
                    ? JsonNodeFactory.instance.objectNode()
                    : DocumentRules.requireValidBody(write.body()).deepCopy();
            doc.put("_id", write.id());
            if (write.rev() != null) {
                doc.put("_rev", write.rev());
            }
            if (write.deletes()) {
                doc.put("_deleted", true);
            }
            docs.add(doc);
        }
        List<CouchDbBulkResult> answers = translate(null, () -> client.bulkDocs(docs));
        List<WriteResult> results = new ArrayList<>(writes.size());
        for (int i = 0; i < writes.size(); i++) {
            Write write = writes.get(i);
            CouchDbBulkResult answer = answers.get(i);
            if (!answer.ok()) {
                if (!"conflict".equals(answer.error()) && !"not_found".equals(answer.error())) {
                    throw new DocumentStoreException(
                            "CouchDB refused document " + write.id() + " in a bulk write: " + answer.error());
                }
                // a stale revision, or the deletion of a document that is gone
                results.add(WriteResult.refused(write.id()));
            } else {
                results.add(WriteResult.written(write.id(), write.deletes() ? null : answer.rev()));
            }
        }
        return results;
    }

    @Override
    public Optional<Document> update(String id, UnaryOperator<ObjectNode> change) {
        return updater.update(this, id, change);
    }

    @Override
    public Page list(String prefix, String startAfter, int limit) {
        PageBuilder page = new PageBuilder(prefix, startAfter, limit);
        if (page.pastPrefix()) {
            // CouchDB would reject a startkey after the endkey.
            return page.build();
        }
        // One more row for startAfter itself (it is exclusive) and one to see whether more follow.
        List<CouchDbRow> rows =
                translate(null, () -> client.allDocs(page.firstKey(), prefix + PREFIX_END, limit + 2, true));
        for (CouchDbRow row : rows) {
            if (!page.add(row.id(), () -> toDocument(row.doc()))) {
                break;
            }
        }
        return page.build();
    }

    @Override
    public String currentSequence() {
        return translate(null, client::lastSeq);
    }

    @Override
    public ChangeSubscription subscribe(String since, Consumer<Change> listener) {
        // Resolved here, not on the feed thread, so that every change after this call returns is seen.
        String from = since != null ? since : currentSequence();
        String name = "enseada-changes-" + client.endpoint().database();
        return subscriptions.add(PollingSubscription.start(name, this::poll, from, listener, reconnects));
    }

    @Override
    public boolean ping() {
        return client.ping();
    }

    /** Stops the subscriptions; the HTTP client needs no closing on Java 17. */
    @Override
    public void close() {
        subscriptions.closeAll();
    }

    private ChangeBatch poll(String since) {
        CouchDbChanges answer = translate(null, () -> client.changes(since, CHANGES_PER_POLL, LONG_POLL));
        List<Change> changes = new ArrayList<>(answer.results().size());
        for (CouchDbChange row : answer.results()) {
            changes.add(new Change(row.seq(), row.id(), row.deleted()));
        }
        // The last row's sequence is safe on both servers, with or without a limit.
        String last = changes.isEmpty()
                ? answer.lastSeq()
                : changes.get(changes.size() - 1).sequence();
        return new ChangeBatch(changes, last);
    }

    private static Document toDocument(ObjectNode doc) {
        String id = doc.path("_id").asText();
        String rev = doc.path("_rev").asText();
        doc.remove(List.of("_id", "_rev"));
        return new Document(id, rev, doc);
    }

    private static <T> T translate(String id, Supplier<T> call) {
        try {
            return call.get();
        } catch (CouchDbException e) {
            throw translate(id, e);
        }
    }

    private static DocumentStoreException translate(String id, CouchDbException e) {
        if (e.isConflict() && id != null) {
            return new DocumentConflictException(id);
        }
        return new DocumentStoreException(e.getMessage(), e);
    }
}
