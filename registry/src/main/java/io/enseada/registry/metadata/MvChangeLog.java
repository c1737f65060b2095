package io.enseada.registry.metadata;

import io.enseada.shared.store.Change;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;

/**
 * The embedded changes feed: {@code changes} maps a sequence number to the change made at it, and
 * {@code latest} maps each id to the sequence of its latest change.
 *
 * <p>Like CouchDB's {@code _changes}, an id appears once, at its latest change: the older entry is
 * removed when the id changes again, which keeps the log as large as the set of ids ever written
 * instead of the number of writes. The highest key of {@code changes} is therefore never removed
 * and doubles as the persisted sequence counter.
 *
 * <p>Appending is the caller's job under its write lock; this class only orders waiting readers
 * after writers, with a condition rather than a polling loop.
 */
final class MvChangeLog {
    private static final char UPDATED = 'U';
    private static final char DELETED = 'D';

    private final MVMap<Long, String> changes;
    private final MVMap<String, Long> latest;
    private final ReentrantLock announceLock = new ReentrantLock();
    private final Condition announced = announceLock.newCondition();
    private long lastAnnounced;
    private long lastAppended;

    MvChangeLog(MVMap<Long, String> changes, MVMap<String, Long> latest) {
        this.changes = changes;
        this.latest = latest;
        Long last = changes.lastKey();
        this.lastAppended = last == null ? 0 : last;
        this.lastAnnounced = lastAppended;
    }

    /**
     * Records a change of {@code id}; the caller holds the store's write lock and commits after.
     * New entry first, old one last: a snapshot taken in between lists the id twice, never zero times.
     */
    long append(String id, boolean deleted) {
        long seq = ++lastAppended;
        changes.put(seq, (deleted ? DELETED : UPDATED) + id);
        Long previous = latest.put(id, seq);
        if (previous != null) {
            changes.remove(previous);
        }
        return seq;
    }

    /** Wakes the readers waiting for {@code seq}; called once the change is committed. */
    void announce(long seq) {
        announceLock.lock();
        try {
            lastAnnounced = Math.max(lastAnnounced, seq);
            announced.signalAll();
        } finally {
            announceLock.unlock();
        }
    }

    long current() {
        announceLock.lock();
        try {
            return lastAnnounced;
        } finally {
            announceLock.unlock();
        }
    }

    /** Up to {@code limit} announced changes after {@code since}, in sequence order. */
    List<Change> after(long since, int limit) {
        long upTo = current();
        List<Change> found = new ArrayList<>();
        Cursor<Long, String> cursor = changes.cursor(since + 1, upTo, false);
        while (found.size() < limit && cursor.hasNext()) {
            long seq = cursor.next();
            String entry = cursor.getValue();
            found.add(new Change(Long.toString(seq), entry.substring(1), entry.charAt(0) == DELETED));
        }
        return found;
    }

    /** Waits until a change after {@code since} is announced, at most {@code timeout}. */
    void awaitAfter(long since, Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        announceLock.lock();
        try {
            while (lastAnnounced <= since && nanos > 0) {
                nanos = announced.awaitNanos(nanos);
            }
        } finally {
            announceLock.unlock();
        }
    }

    static long parseSequence(String sequence) {
        try {
            long seq = Long.parseLong(sequence);
            if (seq >= 0) {
                return seq;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("not a sequence of this store: " + sequence);
    }
}
