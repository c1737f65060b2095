package io.enseada.shared.store.support;

import io.enseada.shared.store.Change;
import io.enseada.shared.store.ChangeSubscription;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a {@link ChangeSource} on one daemon thread (Java 17 has no virtual threads): polls,
 * delivers in order, and after a failed poll backs off and polls again from the last delivered
 * sequence, which is what makes deliveries at least once.
 *
 * <p>A listener that throws is logged and the change counts as delivered: one bad change must not
 * stall the feed for every later one.
 */
public final class PollingSubscription implements ChangeSubscription {
    private static final Logger LOG = LoggerFactory.getLogger(PollingSubscription.class);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);

    private final String name;
    private final ChangeSource source;
    private final Consumer<Change> listener;
    private final RetryPolicy reconnects;
    private final Thread thread;
    private volatile boolean closed;

    private PollingSubscription(
            String name, ChangeSource source, String since, Consumer<Change> listener, RetryPolicy reconnects) {
        this.name = name;
        this.source = source;
        this.listener = listener;
        this.reconnects = reconnects;
        this.thread = new Thread(() -> run(since), name);
        this.thread.setDaemon(true);
    }

    /** Starts delivering the changes after {@code since}, which must already be resolved (not null). */
    public static PollingSubscription start(
            String name, ChangeSource source, String since, Consumer<Change> listener, RetryPolicy reconnects) {
        if (since == null) {
            throw new IllegalArgumentException("resolve 'now' to a sequence before subscribing");
        }
        PollingSubscription subscription = new PollingSubscription(name, source, since, listener, reconnects);
        subscription.thread.start();
        return subscription;
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            thread.join(JOIN_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run(String since) {
        int failures = 0;
        while (!closed) {
            ChangeBatch batch;
            try {
                batch = source.poll(since);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                logFailure(failures, e);
                try {
                    reconnects.pause(failures++);
                } catch (InterruptedException interrupted) {
                    return;
                }
                continue;
            }
            if (failures > 0) {
                LOG.info("changes feed {} recovered after {} failed polls", name, failures);
                failures = 0;
            }
            for (Change change : batch.changes()) {
                if (closed) {
                    return;
                }
                deliver(change);
            }
            since = batch.lastSequence();
        }
    }

    private void logFailure(int earlierFailures, RuntimeException e) {
        // One warning per outage, not one per retry.
        if (earlierFailures == 0) {
            LOG.warn("changes feed {} failed, retrying with backoff: {}", name, e.getMessage());
        } else {
            LOG.debug("changes feed {} still failing: {}", name, e.getMessage());
        }
    }

    private void deliver(Change change) {
        try {
            listener.accept(change);
        } catch (RuntimeException e) {
            LOG.warn("changes listener of {} failed on {}; continuing with the next change", name, change, e);
        }
    }
}
