package io.enseada.registry.http;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Cuts a request whose body arrives slower than a minimum average rate. The rate is checked only
 * when the handler waits for more of the body (it demands, and nothing is there to read), so a
 * server that is slow between two reads never counts against its client, and a body that has
 * arrived whole is never cut. Jetty's {@code MinimumDataRateHandler} works the same way but its
 * arithmetic overflows past 8 GiB read (a large layer would be cut), and the servlet layer's
 * {@code HttpConfiguration.setMinRequestDataRate} checks at every read, cutting small bodies of a
 * busy server; hence this one.
 */
final class MinimumBodyRate extends Handler.Wrapper {
    /** The read failure of a body below the rate; the handler's read throws it (wrapped in an IOException). */
    static final class TooSlow extends TimeoutException {
        TooSlow(long bytesPerSecond) {
            super("the request body arrived slower than " + bytesPerSecond + " bytes per second");
        }
    }

    private final long bytesPerSecond;

    MinimumBodyRate(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        return super.handle(new Metered(request), response, callback);
    }

    /** Read and demanded by one thread at a time (the handler's), as Jetty's contract says. */
    private final class Metered extends Request.Wrapper {
        private long firstDemand;
        private long bytesRead;
        private Content.Chunk failure;

        Metered(Request request) {
            super(request);
        }

        @Override
        public Content.Chunk read() {
            if (failure != null) {
                return failure;
            }
            Content.Chunk chunk = super.read();
            if (chunk != null) {
                bytesRead += chunk.remaining();
            }
            return chunk;
        }

        @Override
        public void demand(Runnable onContent) {
            long now = System.nanoTime();
            if (firstDemand == 0) {
                firstDemand = now;
            } else if (bytesRead > 0 && tooSlow(now - firstDemand)) {
                failure = Content.Chunk.from(new TooSlow(bytesPerSecond));
                onContent.run();
                return;
            }
            super.demand(onContent);
        }

        /** bytesRead / seconds < bytesPerSecond, in milliseconds so that no product overflows. */
        private boolean tooSlow(long elapsedNanos) {
            long millis = TimeUnit.NANOSECONDS.toMillis(elapsedNanos);
            return millis > 0 && bytesRead < bytesPerSecond * millis / 1000;
        }
    }
}
