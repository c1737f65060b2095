package io.enseada.registry.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.Header;
import io.javalin.security.RouteRole;
import java.io.ByteArrayInputStream;
import java.io.InputStream;

/**
 * Answers {@code HEAD} on every route that answers {@code GET}, with the GET's status and headers
 * and no body. Left to itself, Javalin answers such a HEAD with an empty 200 that runs neither the
 * route's handler nor its access rule (so the access guard found no rule and refused it).
 *
 * <p>Installed before any route is registered, this adds a HEAD twin right behind every GET, with
 * the same path, access rule and handler, so it matches exactly where the GET matches. The handler
 * sees {@code HEAD} in {@code ctx.method()} and may skip opening its body; a streamed body it opens
 * anyway is closed unread when it declared its length. A route therefore never registers HEAD
 * itself on a path it serves GET on — Javalin refuses the duplicate at start-up.
 */
public final class ImplicitHead {

    public void install(JavalinConfig cfg) {
        cfg.events.handlerAdded(added -> {
            if (added.getHttpMethod().equals(HandlerType.GET)) {
                cfg.routes.head(
                        added.getPath(),
                        new Twin(added.getHandler()),
                        added.getRoles().toArray(RouteRole[]::new));
            }
        });
    }

    /** Runs the GET's handler; Jetty sends the headers of what it produced and drops the bytes. */
    private record Twin(Handler get) implements Handler {
        @Override
        public void handle(Context ctx) throws Exception {
            get.handle(ctx);
            InputStream body = ctx.resultInputStream();
            // An in-memory body stays: Jetty computes the same Content-Length (and encoding) as for
            // the GET. A stream whose length is declared is not worth reading just to discard it.
            if (body != null
                    && !(body instanceof ByteArrayInputStream)
                    && ctx.res().containsHeader(Header.CONTENT_LENGTH)) {
                ctx.result(InputStream.nullInputStream()); // closes the stream the handler opened
            }
        }
    }
}
