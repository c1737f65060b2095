package io.enseada.registry.lifecycle;

import io.enseada.registry.storage.BlobStore;
import io.enseada.registry.storage.Digest;
import io.enseada.registry.storage.StorageException;
import io.enseada.shared.store.DocumentStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The writers' side of a collection: a write that makes a blob used (stores it, links it, names it
 * in a manifest) reads the {@link SweepState} before and after. Outside a deleting phase — nearly
 * always — that is all. When one is running or began in between, each blob is rescued from the
 * collector ({@link DoomedBlobs}); one that the collector claimed first is gone, or about to be.
 */
final class SweepGuard {
    private static final Duration CLAIM_POLL = Duration.ofMillis(50);
    private static final int CLAIM_POLLS = 600;

    private final DocumentStore store;
    private final DoomedBlobs doomed;
    private final BlobStore blobs;
    private final Clock clock;

    SweepGuard(DocumentStore store, DoomedBlobs doomed, BlobStore blobs, Clock clock) {
        this.store = store;
        this.doomed = doomed;
        this.blobs = blobs;
        this.clock = clock;
    }

    /** What the writer saw before it began. */
    record Ticket(long epoch, boolean deleting) {}

    Ticket open() {
        SweepState state = state();
        return new Ticket(state.epoch(), deleting(state));
    }

    /** A deleting phase whose holder died (its lease lapsed) deletes nothing any more. */
    private boolean deleting(SweepState state) {
        return state.deleting() && state.heldAt(clock.instant());
    }

    /**
     * Before using blobs that may exist already: those the collector has claimed, once it has
     * deleted them, so that the writer stores them anew rather than relying on bytes being deleted.
     */
    Set<Digest> before(Ticket ticket, Collection<Digest> digests) {
        if (!ticket.deleting()) {
            return Set.of();
        }
        Set<Digest> gone = new LinkedHashSet<>();
        for (Digest digest : digests) {
            if (!doomed.rescue(digest)) {
                if (!awaitDeleted(digest)) {
                    throw new StorageException("a garbage collection is still deleting " + digest + "; try again");
                }
                // stored anew by this writer: whoever else overlapped the deletion finds the bytes back
                doomed.forget(digest);
                gone.add(digest);
            }
        }
        return gone;
    }

    /**
     * After the write: the blobs that a deleting phase overlapping it claimed, and so may have
     * deleted under it. Empty nearly always; otherwise the write must not be reported done.
     */
    Set<Digest> after(Ticket ticket, Collection<Digest> digests) {
        SweepState now = state();
        if (!ticket.deleting() && !deleting(now) && now.epoch() == ticket.epoch()) {
            return Set.of();
        }
        Set<Digest> lost = new LinkedHashSet<>();
        for (Digest digest : digests) {
            if (doomed.rescue(digest)) {
                continue;
            }
            // deleted, then stored again by a writer that came after: the bytes are there
            boolean restored = doomed.state(digest)
                            .filter(s -> s == DoomedBlobs.State.DELETED)
                            .isPresent()
                    && blobs.exists(digest);
            if (!restored) {
                lost.add(digest);
            }
        }
        return lost;
    }

    private boolean awaitDeleted(Digest digest) {
        for (int poll = 0; poll < CLAIM_POLLS; poll++) {
            Optional<DoomedBlobs.State> state = doomed.state(digest);
            if (state.isEmpty() || state.get() == DoomedBlobs.State.DELETED || !deleting(state())) {
                return true;
            }
            try {
                Thread.sleep(CLAIM_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private SweepState state() {
        return store.get(SweepState.ID).map(d -> SweepState.of(d.body())).orElse(SweepState.NONE);
    }
}
