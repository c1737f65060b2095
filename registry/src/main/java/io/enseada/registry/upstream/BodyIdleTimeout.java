package io.enseada.registry.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
    private static final String STOPPING = "the server is stopping";

    private final Duration timeout;
    private final ScheduledThreadPoolExecutor timer;
    /** The bodies a read is waiting on, failed at once when the timer stops. */
    private final Set<Guarded> waiting = ConcurrentHashMap.newKeySet();

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

    /** Stops the timer; a read still waiting for a byte fails now, as no timer would wake it. */
    @Override
    public void close() {
        timer.shutdownNow();
        waiting.forEach(body -> body.fail(new IOException(STOPPING)));
    }

    private final class Guarded extends ChunkReadStream {
        /** Why the body was closed under its reader: null while it is read normally. */
        private volatile IOException failure;

        Guarded(InputStream body) {
            super(body);
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            failIfClosed();
            ScheduledFuture<?> alarm = mayBlock() ? arm() : null;
            int n;
            try {
                n = in.read(buffer, offset, length);
            } catch (IOException e) {
                failIfClosed();
                throw e;
            } finally {
                if (alarm != null) {
                    alarm.cancel(false);
                    waiting.remove(this);
                }
            }
            // closed under the read: whatever it returned, the body did not arrive whole
            failIfClosed();
            return n;
        }

        private void failIfClosed() throws IOException {
            IOException why = failure;
            if (why instanceof HttpTimeoutException) {
                throw new HttpTimeoutException(why.getMessage());
            }
            if (why != null) {
                throw new IOException(why.getMessage());
            }
        }

        private boolean mayBlock() {
            try {
                return in.available() == 0;
            } catch (IOException e) {
                return true;
            }
        }

        private ScheduledFuture<?> arm() throws IOException {
            waiting.add(this);
            try {
                return timer.schedule(this::stall, timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopped) {
                waiting.remove(this);
                throw new IOException(STOPPING, stopped);
            }
        }

        private void stall() {
            fail(new HttpTimeoutException("no byte of the body arrived for " + describe(timeout)));
        }

        private void fail(IOException why) {
            failure = why;
            try {
                in.close();
            } catch (IOException e) {
                // the read it unblocks fails either way
            }
        }
    }

    private static String describe(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
