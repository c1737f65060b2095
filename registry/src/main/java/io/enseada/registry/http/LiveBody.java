package io.enseada.registry.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.Header;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A body written while the handler runs, as its bytes arrive from elsewhere (a proxy's first fetch
 * of an item), instead of returned as the handler's result. Its length is always declared, and the
 * status and headers are committed before the first byte, so a failure partway can only leave the
 * body short of that length — which Jetty answers by cutting the connection ({@link
 * ErrorResponses} writes nothing onto a committed answer) — never an error page appended to it.
 * The bytes go out exactly as they came: a declared length turns compression off ({@link
 * CompressionPolicy}), and the servlet's own stream is not Javalin's compressing one.
 */
public final class LiveBody {
    private final Context ctx;
    private final Runnable headers;
    private boolean started;

    /** @param headers sets the answer's headers other than Content-Length */
    public LiveBody(Context ctx, Runnable headers) {
        this.ctx = ctx;
        this.headers = headers;
    }

    /** @return where the body goes, or null for a HEAD or when it was started already */
    public OutputStream start(long length) throws IOException {
        if (started || ctx.method() == HandlerType.HEAD) {
            return null;
        }
        started = true;
        headers.run();
        ctx.status(200);
        ctx.header(Header.CONTENT_LENGTH, Long.toString(length));
        ctx.disableCompression();
        ctx.res().flushBuffer();
        return ctx.res().getOutputStream();
    }

    /** Whether the answer went out this way; the handler then sends nothing more. */
    public boolean started() {
        return started;
    }
}
