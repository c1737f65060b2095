package io.enseada.registry.metadata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.type.LongDataType;
import org.h2.mvstore.type.StringDataType;

/**
 * The metadata port in one H2 MVStore file, for a registry that runs as a single process.
 *
 * <p>Layout: map {@code documents} holds {@code id -> rev + "\n" + body as JSON}; maps
 * {@code changes} and {@code latest} hold the changes feed (see {@link MvChangeLog}).
 *
 * <p>Durability: every write commits before it returns, so an acknowledged write survives the
 * process being killed. MVStore does not fsync: a power loss or kernel crash can lose the writes of
 * the last moments, but the file stays consistent (it reopens at its last complete chunk, and keeps
 * superseded chunks for 45 s so that one is always there). MVStore's background thread stays on
 * because it reuses and compacts that space; it may store a write half-done, so each write puts its
 * change entry before the document: a half-done write then at worst announces a change that did not
 * happen, which an at-least-once feed allows, and never hides one that did.
 *
 * <p>Revisions look like CouchDB's ({@code <generation>-<32 hex>}) with a random suffix; a
 * re-created document starts again at generation 1.
 */
public final class MvStoreDocumentStore implements DocumentStore {
    private static final Duration POLL_WAIT = Duration.ofSeconds(30);
    private static final int CHANGES_PER_POLL = 500;

    private final Path file;
    private final MVStore store;
    private final MVMap<String, String> documents;
    private final MvChangeLog changeLog;
    private final ObjectMapper mapper;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ConflictRetryingUpdater updater = new ConflictRetryingUpdater(RetryPolicy.conflicts());
    private final OpenSubscriptions subscriptions = new OpenSubscriptions();

    private MvStoreDocumentStore(Path file, MVStore store, ObjectMapper mapper) {
        this.file = file;
        this.store = store;
        this.mapper = mapper;
        this.documents = store.openMap(
                "documents",
                new MVMap.Builder<String, String>()
                        .keyType(StringDataType.INSTANCE)
                        .valueType(StringDataType.INSTANCE));
        this.changeLog = new MvChangeLog(
                store.openMap(
                        "changes",
                        new MVMap.Builder<Long, String>()
                                .keyType(LongDataType.INSTANCE)
                                .valueType(StringDataType.INSTANCE)),
                store.openMap(
                        "latest",
                        new MVMap.Builder<String, Long>()
                                .keyType(StringDataType.INSTANCE)
                                .valueType(LongDataType.INSTANCE)));
    }

    /** Opens (or creates) the store file; only one process may have it open. */
    public static MvStoreDocumentStore open(Path file, ObjectMapper mapper) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            MVStore store = new MVStore.Builder().fileName(file.toString()).open();
            return new MvStoreDocumentStore(file, store, mapper);
        } catch (IOException | MVStoreException e) {
            throw new DocumentStoreException("cannot open metadata store " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Document> get(String id) {
        DocumentRules.requireValidId(id);
        String stored = documents.get(id);
        return stored == null ? Optional.empty() : Optional.of(decode(id, stored));
    }

    @Override
    public Document put(String id, String rev, ObjectNode body) {
        DocumentRules.requireValidId(id);
        String json = writeJson(DocumentRules.requireValidBody(body));
        writeLock.lock();
        try {
            String current = revisionOf(documents.get(id));
            if (!Objects.equals(current, rev)) {
                throw new DocumentConflictException(id);
            }
            String newRev = nextRevision(current);
            long seq = changeLog.append(id, false);
            documents.put(id, newRev + "\n" + json);
            commit(seq);
            return new Document(id, newRev, body.deepCopy());
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public boolean delete(String id, String rev) {
        DocumentRules.requireValidId(id);
        writeLock.lock();
        try {
            String current = revisionOf(documents.get(id));
            if (current == null) {
                return false;
            }
            if (!current.equals(rev)) {
                throw new DocumentConflictException(id);
            }
            long seq = changeLog.append(id, true);
            documents.remove(id);
            commit(seq);
            return true;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public List<WriteResult> writeAll(List<Write> writes) {
        DocumentStore.requireBatch(writes);
        List<String> bodies = new ArrayList<>(writes.size());
        for (Write write : writes) {
            DocumentRules.requireValidId(write.id());
            bodies.add(write.deletes() ? null : writeJson(DocumentRules.requireValidBody(write.body())));
        }
        writeLock.lock();
        try {
            List<WriteResult> results = new ArrayList<>(writes.size());
            long seq = -1;
            for (int i = 0; i < writes.size(); i++) {
                Write write = writes.get(i);
                String current = revisionOf(documents.get(write.id()));
                if (!Objects.equals(current, write.rev())) {
                    results.add(WriteResult.refused(write.id()));
                    continue;
                }
                seq = changeLog.append(write.id(), write.deletes());
                if (write.deletes()) {
                    documents.remove(write.id());
                    results.add(WriteResult.written(write.id(), null));
                } else {
                    String newRev = nextRevision(current);
                    documents.put(write.id(), newRev + "\n" + bodies.get(i));
                    results.add(WriteResult.written(write.id(), newRev));
                }
            }
            if (seq >= 0) {
                // one commit for the batch: what makes it worth having
                commit(seq);
            }
            return results;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public Optional<Document> update(String id, UnaryOperator<ObjectNode> change) {
        return updater.update(this, id, change);
    }

    @Override
    public Page list(String prefix, String startAfter, int limit) {
        PageBuilder page = new PageBuilder(prefix, startAfter, limit);
        // The cursor reads one snapshot of the map, so a page never mixes two states.
        Cursor<String, String> cursor = documents.cursor(page.firstKey());
        while (cursor.hasNext()) {
            String id = cursor.next();
            if (!id.startsWith(prefix) || !page.add(id, () -> decode(id, cursor.getValue()))) {
                break;
            }
        }
        return page.build();
    }

    @Override
    public String currentSequence() {
        return Long.toString(changeLog.current());
    }

    @Override
    public ChangeSubscription subscribe(String since, Consumer<Change> listener) {
        long from = since == null ? changeLog.current() : MvChangeLog.parseSequence(since);
        String name = "enseada-changes-" + file.getFileName();
        return subscriptions.add(
                PollingSubscription.start(name, this::poll, Long.toString(from), listener, RetryPolicy.reconnects()));
    }

    @Override
    public boolean ping() {
        return !store.isClosed();
    }

    @Override
    public void close() {
        subscriptions.closeAll();
        writeLock.lock();
        try {
            if (!store.isClosed()) {
                store.close();
            }
        } finally {
            writeLock.unlock();
        }
    }

    private ChangeBatch poll(String since) throws InterruptedException {
        long from = MvChangeLog.parseSequence(since);
        List<Change> found = changeLog.after(from, CHANGES_PER_POLL);
        if (found.isEmpty()) {
            changeLog.awaitAfter(from, POLL_WAIT);
            found = changeLog.after(from, CHANGES_PER_POLL);
        }
        return new ChangeBatch(
                found, found.isEmpty() ? since : found.get(found.size() - 1).sequence());
    }

    private void commit(long seq) {
        try {
            store.commit();
        } catch (MVStoreException e) {
            throw new DocumentStoreException("cannot write metadata store " + file + ": " + e.getMessage(), e);
        }
        changeLog.announce(seq);
    }

    private static String revisionOf(String stored) {
        return stored == null ? null : stored.substring(0, stored.indexOf('\n'));
    }

    private static String nextRevision(String current) {
        long generation = current == null ? 1 : Long.parseLong(current.substring(0, current.indexOf('-'))) + 1;
        return generation + "-" + UUID.randomUUID().toString().replace("-", "");
    }

    private Document decode(String id, String stored) {
        int newline = stored.indexOf('\n');
        try {
            JsonNode body = mapper.readTree(stored.substring(newline + 1));
            return new Document(id, stored.substring(0, newline), (ObjectNode) body);
        } catch (JsonProcessingException e) {
            throw new DocumentStoreException("corrupt document " + id + " in " + file, e);
        }
    }

    private String writeJson(ObjectNode body) {
        try {
            return mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("document is not serializable: " + e.getOriginalMessage(), e);
        }
    }
}
