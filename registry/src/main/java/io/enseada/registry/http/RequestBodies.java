package io.enseada.registry.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/**
 * The caps on request bodies the registry parses into memory. A body over its cap is refused with
 * 413 before a byte is read when its {@code Content-Length} says so, and otherwise as soon as the
 * bytes read pass the cap; the rest is never read (Jetty then closes the connection rather than
 * drain it). Blob, layer, tarball and artifact bytes stream into the blob store and are not capped
 * here.
 */
public final class RequestBodies {
    /** npm login, npm token creation, a dist-tag: a few fields, credentials at most. */
    public static final int SMALL_JSON = 8 * 1024;
    /** Management API documents: users, robots, tokens, policies, repositories. */
    public static final int API_JSON = 1024 * 1024;
    /**
     * An npm packument as the CLI sends it back (deprecate, unpublish), and a publish apart from
     * its tarball; above what CouchDB stores in one document (8 MB by default).
     */
    public static final int PACKAGE_DOCUMENT = 16 * 1024 * 1024;

    /** The most of a refused body {@link #discard} reads: a layer chunk as skopeo and podman send it. */
    public static final long DISCARDED = 64L * 1024 * 1024;

    private RequestBodies() {}

    /**
     * Reads and drops a refused body of at most {@link #DISCARDED} bytes, so that the refusal
     * reaches a client that writes its whole body before it reads the answer (Go's net/http in
     * skopeo and podman): left unread, Jetty closes the connection and the client meets a reset
     * instead of the error. A larger or endless body is left unread, and its client has the reset.
     */
    public static void discard(Context ctx) {
        long declared = declaredLength(ctx);
        if (declared > DISCARDED) {
            return;
        }
        try {
            InputStream body = ctx.req().getInputStream();
            byte[] sink = new byte[64 * 1024];
            long read = 0;
            for (int n; read <= DISCARDED && (n = body.read(sink)) >= 0; ) {
                read += n;
            }
        } catch (IOException e) {
            // the client went away: nothing to answer
        }
    }

    /**
     * The whole body, at most {@code limit} bytes.
     *
     * @param what the body as the refusal names it, e.g. "an npm login"
     */
    public static byte[] read(Context ctx, int limit, String what) {
        try (InputStream body = capped(ctx, limit, what)) {
            return body.readAllBytes();
        } catch (IOException e) {
            throw RequestBodyException.unreadable(e);
        }
    }

    /** The body's declared length ({@code Content-Length}), or -1 when it is streamed without one. */
    public static long declaredLength(Context ctx) {
        return ctx.req().getContentLengthLong();
    }

    /** The body as a stream that fails past {@code limit} bytes; refused at once when it declares more. */
    public static BodyStream capped(Context ctx, long limit, String what) {
        refuseDeclaredOver(ctx, limit, what);
        return new BodyStream(ctx.bodyInputStream(), limit, what);
    }

    /**
     * A body of which only the part read while the stream is not {@linkplain BodyStream#pause()
     * paused} is capped: its declared length is not checked, the other part (a tarball) may be any size.
     */
    public static BodyStream partlyCapped(Context ctx, long limit, String what) {
        return new BodyStream(ctx.bodyInputStream(), limit, what);
    }

    /** A body that streams into the blob store (a layer, a tarball, an artifact): not capped. */
    public static BodyStream stream(Context ctx) {
        return new BodyStream(ctx.bodyInputStream(), Long.MAX_VALUE, "a request");
    }

    /** Refuses a body whose {@code Content-Length} is over {@code limit}, before anything is read. */
    private static void refuseDeclaredOver(Context ctx, long limit, String what) {
        if (declaredLength(ctx) > limit) {
            throw RequestBodyException.tooLarge(what, limit);
        }
    }
}
