package io.enseada.registry.http;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Cuts a request whose body arrives slower than a minimum average rate, measured from the body's
 * first byte on and judged only after a grace period: before its first byte a body is bounded by
 * the idle timeout alone (podman and skopeo send a layer's request head, then take seconds to
 * produce its first bytes while they export and compress it), and a rate over a few milliseconds
 * is noise. The rate is checked only when the handler waits for more of the body (it demands, and
 * nothing is there to read), so a server that is slow between two reads never counts against its
 * client, and a body that has arrived whole is never cut. Jetty's {@code MinimumDataRateHandler}
 * measures from the first demand and its arithmetic overflows past 8 GiB read (a large layer would
 * be cut), and the servlet layer's {@code HttpConfiguration.setMinRequestDataRate} checks at every
 * read, cutting small bodies of a busy server; hence this one.
 */
final class MinimumBodyRate extends Handler.Wrapper {
    /** The read failure of a body below the rate; the handler's read throws it (wrapped in an IOException). */
    static final class TooSlow extends TimeoutException {
        TooSlow(long bytesPerSecond) {
            super("the request body arrived slower than " + bytesPerSecond + " bytes per second");
        }
    }

    /** How long after its first byte a body is first judged. */
    static final long GRACE_MILLIS = 5_000;

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
        private long firstByte;
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
            if (chunk != null && chunk.hasRemaining()) {
                if (bytesRead == 0) {
                    firstByte = System.nanoTime();
                }
                bytesRead += chunk.remaining();
            }
            return chunk;
        }

        @Override
        public void demand(Runnable onContent) {
            if (bytesRead > 0 && tooSlow(System.nanoTime() - firstByte)) {
                failure = Content.Chunk.from(new TooSlow(bytesPerSecond));
                onContent.run();
                return;
            }
            super.demand(onContent);
        }

        /** Past the grace period, bytesRead / seconds < bytesPerSecond, in milliseconds so that no product overflows. */
        private boolean tooSlow(long elapsedNanos) {
            long millis = TimeUnit.NANOSECONDS.toMillis(elapsedNanos);
            return millis >= GRACE_MILLIS && bytesRead < bytesPerSecond * millis / 1000;
        }
    }
}
