package io.enseada.registry.http;

import org.eclipse.jetty.server.Request;

/**
 * One request and its answer as they crossed the wire, measured below Javalin: streamed bodies
 * count as the bytes actually sent and received.
 *
 * @param request  the request, still readable (headers, attributes, peer) while observers run
 * @param status   the status sent, or 500 when the exchange failed before a failure status was set
 * @param nanos    from the request's arrival to the last byte of the answer
 * @param failure  why the exchange did not complete normally (the client went away, a write
 *                 failed), or null
 */
public record Exchange(Request request, int status, long nanos, long bytesIn, long bytesOut, Throwable failure) {
    public String path() {
        return Request.getPathInContext(request);
    }
}
