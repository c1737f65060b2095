package io.enseada.registry.http;

import io.javalin.http.Context;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Lets an error carry its reason in the HTTP/1.1 status line ({@code HTTP/1.1 409 Release 1.0 is
 * already deployed}), which is all Maven shows of a failed transfer — Nexus does the same. Neither
 * the Servlet API nor Jetty's response offers a reason any more, so it is put in where Jetty hands
 * the response to the connection. HTTP/2 has no reason phrase: there the status alone goes out.
 */
public final class ReasonPhrases extends Handler.Wrapper {
    private static final String ATTRIBUTE = "enseada.reason";

    /** The reason for this request's error answer; characters a status line cannot carry are replaced. */
    public static void set(Context ctx, String reason) {
        ctx.attribute(ATTRIBUTE, HeaderText.oneLine(reason));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        request.addHttpStreamWrapper(stream -> new HttpStream.Wrapper(stream) {
            @Override
            public void send(
                    MetaData.Request metaRequest,
                    MetaData.Response metaResponse,
                    boolean last,
                    ByteBuffer content,
                    Callback sent) {
                Object reason = request.getAttribute(ATTRIBUTE);
                if (metaResponse != null
                        && reason instanceof String text
                        && !text.isEmpty()
                        && metaResponse.getStatus() >= 400
                        && metaResponse.getHttpVersion() != HttpVersion.HTTP_2
                        && metaResponse.getHttpVersion() != HttpVersion.HTTP_3) {
                    metaResponse = new MetaData.Response(
                            metaResponse.getStatus(),
                            text,
                            metaResponse.getHttpVersion(),
                            metaResponse.getHttpFields(),
                            metaResponse.getContentLength(),
                            metaResponse.getTrailersSupplier());
                }
                super.send(metaRequest, metaResponse, last, content, sent);
            }
        });
        return super.handle(request, response, callback);
    }
}
