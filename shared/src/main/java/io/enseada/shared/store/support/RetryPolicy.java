package io.enseada.shared.store.support;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: the pause before retry {@code n} is uniform in
 * {@code [0, min(maxDelay, initialDelay * 2^n)]}, so that writers who collided once do not collide
 * again in lock step.
 *
 * @param maxAttempts how many tries in all before giving up (ignored by loops that never give up)
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay) {
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= initialDelay <= maxDelay");
        }
    }

    /** For read-modify-write loops: many quick tries, as the loser of a race usually wins the next. */
    public static RetryPolicy conflicts() {
        return new RetryPolicy(100, Duration.ofMillis(10), Duration.ofMillis(200));
    }

    /** For reconnecting a changes feed: a tenth of a second at first, five seconds at most. */
    public static RetryPolicy reconnects() {
        return new RetryPolicy(Integer.MAX_VALUE, Duration.ofMillis(100), Duration.ofSeconds(5));
    }

    /** Sleeps before retry number {@code retry} (0 for the first retry). */
    public void pause(int retry) throws InterruptedException {
        int doublings = Math.min(retry, 30);
        long initial = initialDelay.toNanos();
        long max = maxDelay.toNanos();
        long ceiling = initial > (max >> doublings) ? max : initial << doublings;
        long nanos = ThreadLocalRandom.current().nextLong(ceiling + 1);
        Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    }
}
