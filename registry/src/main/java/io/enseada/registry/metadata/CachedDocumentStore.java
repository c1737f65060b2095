package io.enseada.registry.metadata;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.enseada.shared.store.Change;
import io.enseada.shared.store.ChangeSubscription;
import io.enseada.shared.store.Document;
import io.enseada.shared.store.DocumentConflictException;
import io.enseada.shared.store.DocumentStore;
import io.enseada.shared.store.Page;
import io.enseada.shared.store.Write;
import io.enseada.shared.store.WriteResult;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A read-through cache in front of the document store for gets by id — the hot path of every
 * pull, resolve and install — kept correct by the changes feed: any change, from this replica or
 * another, evicts the document, and this replica's own writes evict it at once. Writes, listings
 * and the feed itself go straight to the store, so optimistic concurrency is untouched; a read on
 * one replica may trail a write on another by the feed's latency (about a second), which is the
 * same window every replica's in-memory views already have. A write the store refuses (it is
 * unreachable) evicts nothing, so that what was read before an outage keeps being served through it.
 *
 * <p>Absent documents are cached too (as empty), so repeated probes for what does not exist
 * (an unknown blob, a package not yet published) cost no round trip either.
 */
public final class CachedDocumentStore implements DocumentStore {
    private final DocumentStore delegate;
    private final Cache<String, Optional<Document>> documents;

    /** Registers its eviction with {@code changes} first, so views refreshed by the same change read fresh data. */
    public CachedDocumentStore(DocumentStore delegate, ChangeFanout changes, long maximumBytes) {
        this.delegate = delegate;
        this.documents = Caffeine.newBuilder()
                .maximumWeight(maximumBytes)
                .weigher((String id, Optional<Document> document) -> estimatedBytes(document))
                .build();
        changes.listen(this::evict);
    }

    private void evict(Change change) {
        documents.invalidate(change.id());
    }

    @Override
    public Optional<Document> get(String id) {
        // Callers own what they get (they may change the body), so each gets its own copy.
        return documents.get(id, delegate::get).map(CachedDocumentStore::copy);
    }

    @Override
    public Document put(String id, String rev, ObjectNode body) {
        return write(id, () -> delegate.put(id, rev, body));
    }

    @Override
    public boolean delete(String id, String rev) {
        return write(id, () -> delegate.delete(id, rev));
    }

    @Override
    public List<WriteResult> writeAll(List<Write> writes) {
        List<WriteResult> results = delegate.writeAll(writes);
        // written, or refused as stale: what is cached of them is stale either way (see write)
        writes.forEach(write -> documents.invalidate(write.id()));
        return results;
    }

    @Override
    public Optional<Document> update(String id, UnaryOperator<ObjectNode> change) {
        return write(id, () -> delegate.update(id, change));
    }

    /**
     * Evicts after a write that happened, and after a conflict (what is cached is stale). A write
     * the store refused or never received keeps the document: evicting it would turn every refused
     * write during an outage into reads that fail too. Should such a write have landed after all
     * (an answer lost on its way back), the changes feed evicts the document when it reports it.
     */
    private <T> T write(String id, Supplier<T> write) {
        try {
            T result = write.get();
            documents.invalidate(id);
            return result;
        } catch (DocumentConflictException e) {
            documents.invalidate(id);
            throw e;
        }
    }

    @Override
    public Page list(String prefix, String startAfter, int limit) {
        return delegate.list(prefix, startAfter, limit);
    }

    @Override
    public String currentSequence() {
        return delegate.currentSequence();
    }

    @Override
    public ChangeSubscription subscribe(String since, Consumer<Change> listener) {
        return delegate.subscribe(since, listener);
    }

    @Override
    public boolean ping() {
        return delegate.ping();
    }

    @Override
    public void close() {
        documents.invalidateAll();
    }

    /** Roughly what a parsed document holds on the heap: a few times its JSON text. */
    private static int estimatedBytes(Optional<Document> document) {
        return document.map(d -> 128 + 3 * d.body().toString().length()).orElse(64);
    }

    private static Document copy(Document document) {
        return new Document(document.id(), document.rev(), document.body().deepCopy());
    }
}
