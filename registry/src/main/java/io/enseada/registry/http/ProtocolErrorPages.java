package io.enseada.registry.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers — to a request it refuses before any route sees it (a malformed or
 * ambiguous URI, invalid UTF-8 in the path, an oversized header) — in the request's protocol
 * format instead of Jetty's HTML page, for every method.
 */
public final class ProtocolErrorPages extends ErrorHandler {
    private final ErrorRenderers renderers;

    public ProtocolErrorPages(ErrorRenderers renderers) {
        this.renderers = renderers;
    }

    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(
            Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        ErrorRenderer renderer = renderers.forPath(Request.getPathInContext(request));
        ErrorBody body = renderer.body(ErrorBody.codeFor(code), message, null);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, body.contentType());
        renderer.headers().forEach(response.getHeaders()::put);
        response.write(true, ByteBuffer.wrap(body.text().getBytes(StandardCharsets.UTF_8)), callback);
    }
}
