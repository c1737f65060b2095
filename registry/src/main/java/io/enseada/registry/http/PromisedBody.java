package io.enseada.registry.http;

import io.javalin.http.Context;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A body streamed from storage after its length was promised in {@code Content-Length}. When the
 * storage fails (or ends early) partway, the answer can no longer be an error in the protocol's
 * format, and Jetty would complete it with an HTML error page if nothing was sent yet. Instead the
 * headers go out and the connection is cut: the client sees a truncated transfer, which every
 * client detects and retries, and the log gets one line.
 */
public final class PromisedBody extends FilterInputStream {
    private static final Logger LOG = LoggerFactory.getLogger(PromisedBody.class);

    private final Context ctx;
    private final long length;
    private long sent;

    private PromisedBody(Context ctx, InputStream content, long length) {
        super(content);
        this.ctx = ctx;
        this.length = length;
    }

    /** @param length the bytes promised in the response's Content-Length */
    public static InputStream of(Context ctx, InputStream content, long length) {
        return new PromisedBody(ctx, content, length);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) throws IOException {
        int n;
        try {
            n = super.read(buffer, offset, count);
        } catch (IOException | RuntimeException e) {
            throw abort(e.toString());
        }
        if (n < 0 && sent < length) {
            throw abort("it ended early");
        }
        if (n > 0) {
            sent += n;
        }
        return n;
    }

    /**
     * Commits what is buffered so that Jetty, finding the body short of its length, aborts the
     * connection; the exception type is the one Javalin treats as a connection gone (no stack trace).
     */
    private EofException abort(String why) {
        LOG.warn(
                "{} {}: the blob storage failed after {} of {} bytes ({}); cutting the connection",
                ctx.method(),
                ctx.path(),
                sent,
                length,
                why);
        try {
            ctx.res().flushBuffer();
        } catch (IOException | RuntimeException clientGone) {
            // nothing more can reach the client anyway
        }
        return new EofException("storage failed after " + sent + " of " + length + " bytes");
    }
}
