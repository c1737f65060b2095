package io.enseada.registry.lifecycle;

import io.enseada.shared.store.DocumentStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * At most one collection at a time across replicas: the replica that holds {@link SweepState}'s
 * lease collects, renewing it as it goes; one that died lets it lapse after {@code ttl}.
 */
final class SweepLease {
    private final DocumentStore store;
    private final Clock clock;
    private final Duration ttl;
    private final String replica;

    SweepLease(DocumentStore store, Clock clock, Duration ttl, String replica) {
        this.store = store;
        this.clock = clock;
        this.ttl = ttl;
        this.replica = replica;
    }

    /** The lease for this replica, or the holder's name when another replica collects. */
    Optional<String> acquire() {
        String[] other = new String[1];
        store.update(SweepState.ID, current -> {
            SweepState state = SweepState.of(current);
            if (state.heldAt(clock.instant()) && !replica.equals(state.holder())) {
                other[0] = state.holder();
                return current;
            }
            other[0] = null;
            // a holder that died mid-deletion left deleting set: its writers were told, the next epoch starts clean
            return new SweepState(replica, clock.instant().plus(ttl), state.epoch(), false).toJson();
        });
        return Optional.ofNullable(other[0]);
    }

    void renew() {
        change(state -> new SweepState(replica, clock.instant().plus(ttl), state.epoch(), state.deleting()));
    }

    /** Begins a deleting phase; returns its epoch. */
    long beginDeleting() {
        return change(state -> new SweepState(replica, clock.instant().plus(ttl), state.epoch() + 1, true))
                .epoch();
    }

    void release() {
        change(state -> new SweepState(null, clock.instant(), state.epoch(), false));
    }

    private SweepState change(java.util.function.UnaryOperator<SweepState> next) {
        SweepState[] written = new SweepState[1];
        store.update(SweepState.ID, current -> {
            SweepState state = SweepState.of(current);
            if (!replica.equals(state.holder())) {
                throw new LeaseLostException(state.holder());
            }
            written[0] = next.apply(state);
            return written[0].toJson();
        });
        return written[0];
    }

    /** Another replica took the lease (this one stalled past its ttl): the collection stops. */
    static final class LeaseLostException extends RuntimeException {
        LeaseLostException(String holder) {
            super("the collection lease passed to " + (holder == null ? "no replica" : holder));
        }
    }
}
