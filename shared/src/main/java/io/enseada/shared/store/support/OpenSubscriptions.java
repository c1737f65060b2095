package io.enseada.shared.store.support;

import java.util.HashSet;
import java.util.Set;

/** The subscriptions a store has handed out, so that closing the store stops their threads too. */
public final class OpenSubscriptions {
    private final Set<PollingSubscription> open = new HashSet<>();
    private boolean closed;

    public synchronized PollingSubscription add(PollingSubscription subscription) {
        if (closed) {
            subscription.close();
            throw new IllegalStateException("the document store is closed");
        }
        open.removeIf(PollingSubscription::isClosed);
        open.add(subscription);
        return subscription;
    }

    public synchronized void closeAll() {
        closed = true;
        open.forEach(PollingSubscription::close);
        open.clear();
    }
}
