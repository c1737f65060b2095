package io.enseada.registry.metadata;

import io.enseada.shared.store.Change;
import io.enseada.shared.store.ChangeSubscription;
import io.enseada.shared.store.DocumentStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One changes-feed subscription per replica, handed to every in-memory view, so that a replica
 * holds one long poll against CouchDB however many views it keeps.
 */
public final class ChangeFanout implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeFanout.class);

    private final DocumentStore store;
    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
    private ChangeSubscription subscription;

    public ChangeFanout(DocumentStore store) {
        this.store = store;
    }

    /** Follows the feed from now on. */
    public synchronized ChangeFanout start() {
        subscription = store.subscribe(null, this::deliver);
        return this;
    }

    public void listen(Consumer<Change> listener) {
        listeners.add(listener);
    }

    private void deliver(Change change) {
        for (Consumer<Change> listener : listeners) {
            try {
                listener.accept(change);
            } catch (RuntimeException e) {
                LOG.warn("change {} could not be applied: {}", change.id(), e.getMessage());
            }
        }
    }

    @Override
    public synchronized void close() {
        if (subscription != null) {
            subscription.close();
        }
    }
}
