package io.enseada.shared.store.support;

/** A backend's changes feed, as {@link PollingSubscription} consumes it. */
@FunctionalInterface
public interface ChangeSource {
    /**
     * Waits a bounded time for changes after {@code since} and returns them in order, or an empty
     * batch. Must give up promptly when the thread is interrupted.
     */
    ChangeBatch poll(String since) throws InterruptedException;
}
