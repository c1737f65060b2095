package io.enseada.registry.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body as the handlers read it. A read that fails is the client's failure — it went
 * away, or stalled past the idle timeout — and surfaces as a {@link RequestBodyException} (400,
 * 408), so that storage code, which takes an {@link IOException} for its own failure, never
 * reports a client's broken upload as a server error. A capped body refuses to be read past its
 * cap: the read that would pass it throws {@link RequestBodyException#tooLarge}, so nothing beyond
 * the cap is ever buffered. Bytes read while {@linkplain #pause() paused} do not count — an npm
 * publish streams its tarball that way, capped only in the JSON around it.
 */
public final class BodyStream extends FilterInputStream {
    private final long limit;
    private final String what;
    private long counted;
    private boolean paused;

    BodyStream(InputStream body, long limit, String what) {
        super(body);
        this.limit = limit;
        this.what = what;
    }

    /** Stops counting towards the cap until {@link #resume()}. */
    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
    }

    @Override
    public int read() {
        try {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        } catch (IOException e) {
            throw RequestBodyException.unreadable(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) {
        try {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        } catch (IOException e) {
            throw RequestBodyException.unreadable(e);
        }
    }

    @Override
    public long skip(long n) {
        try {
            long skipped = super.skip(n);
            count(skipped);
            return skipped;
        } catch (IOException e) {
            throw RequestBodyException.unreadable(e);
        }
    }

    private void count(long n) {
        if (paused) {
            return;
        }
        counted += n;
        if (counted > limit) {
            throw RequestBodyException.tooLarge(what, limit);
        }
    }
}
