package io.enseada.registry.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for what background work (the changes feed, a purge) makes true within moments. */
public final class Eventually {
    private Eventually() {
    }

    /** @throws AssertionError naming {@code what} when {@code condition} is still false after {@code atMost} */
    public static void until(Duration atMost, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + atMost + ": " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
