package io.enseada.registry.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Fails a read of an upstream body that gets no byte for the idle timeout. The JDK client's request
 * timeout ends with the response's headers; an upstream that then stops sending would hold the
 * reading thread (and, through {@link SingleFlight}, every client waiting for the same item)
 * forever. A read that may block arms a timer on one shared daemon thread; when it fires the body is
 * closed, which unblocks the read, and the read fails with an {@link HttpTimeoutException} — never
 * a clean end of stream, so a truncated body is never taken for a complete one.
 */
final class BodyIdleTimeout implements AutoCloseable {
    private final Duration timeout;
    private final ScheduledThreadPoolExecutor timer;

    BodyIdleTimeout(Duration timeout) {
        this.timeout = timeout;
        this.timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = Executors.defaultThreadFactory().newThread(runnable);
            thread.setName("enseada-upstream-idle-timeout");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    InputStream guard(InputStream body) {
        return new Guarded(body);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private final class Guarded extends ChunkReadStream {
        private volatile boolean stalled;

        Guarded(InputStream body) {
            super(body);
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (stalled) {
                throw stalled();
            }
            ScheduledFuture<?> alarm = mayBlock() ? arm() : null;
            int n;
            try {
                n = in.read(buffer, offset, length);
            } catch (IOException e) {
                throw stalled ? stalled() : e;
            } finally {
                if (alarm != null) {
                    alarm.cancel(false);
                }
            }
            if (stalled) {
                // closed under the read: whatever it returned, the body did not arrive whole
                throw stalled();
            }
            return n;
        }

        private boolean mayBlock() {
            try {
                return in.available() == 0;
            } catch (IOException e) {
                return true;
            }
        }

        private ScheduledFuture<?> arm() {
            try {
                return timer.schedule(this::stall, timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                return null; // the server is stopping; its shutdown grace bounds the read
            }
        }

        private void stall() {
            stalled = true;
            try {
                in.close();
            } catch (IOException e) {
                // the read it unblocks fails either way
            }
        }

        private HttpTimeoutException stalled() {
            return new HttpTimeoutException("no byte of the body arrived for " + describe(timeout));
        }
    }

    private static String describe(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
