package io.enseada.registry.metadata;

import io.enseada.shared.store.Change;
import io.enseada.shared.store.Document;
import io.enseada.shared.store.DocumentStore;
import io.enseada.shared.store.Page;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-memory copy of every document under one id prefix, kept current by the changes feed, so
 * that hot paths (access decisions, repository lookups) cost no round trip to the store and every
 * replica sees a change made through any other within moments.
 */
public final class DocumentView<T> {
    private static final Logger LOG = LoggerFactory.getLogger(DocumentView.class);
    private static final int PAGE_SIZE = 500;

    private final DocumentStore store;
    private final ChangeFanout changes;
    private final String prefix;
    private final Function<Document, T> decoder;
    private final Map<String, T> entries = new ConcurrentSkipListMap<>();

    public DocumentView(DocumentStore store, ChangeFanout changes, String prefix, Function<Document, T> decoder) {
        this.store = store;
        this.changes = changes;
        this.prefix = prefix;
        this.decoder = decoder;
    }

    /**
     * Listens to the feed first and loads every document second, so no change falls between the
     * two; a change seen during the load only re-reads its document.
     */
    public synchronized DocumentView<T> start() {
        changes.listen(this::onChange);
        String after = null;
        do {
            Page page = store.list(prefix, after, PAGE_SIZE);
            page.documents().forEach(this::accept);
            after = page.next();
        } while (after != null);
        return this;
    }

    public Optional<T> get(String id) {
        return Optional.ofNullable(entries.get(id));
    }

    /** All entries in id order. */
    public Collection<T> all() {
        return List.copyOf(entries.values());
    }

    /** Re-reads one document now, so that a replica sees its own writes without waiting for the feed. */
    public void refresh(String id) {
        store.get(id).ifPresentOrElse(this::accept, () -> entries.remove(id));
    }

    private void onChange(Change change) {
        if (!change.id().startsWith(prefix)) {
            return;
        }
        if (change.deleted()) {
            entries.remove(change.id());
        } else {
            refresh(change.id());
        }
    }

    private void accept(Document document) {
        try {
            entries.put(document.id(), decoder.apply(document));
        } catch (RuntimeException e) {
            // One bad document must not hide the others; it stays out of the view until fixed.
            entries.remove(document.id());
            LOG.warn("ignoring document {}: {}", document.id(), e.getMessage());
        }
    }
}
