package io.enseada.registry.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.access.AccessDeniedException;
import io.enseada.registry.repository.RepositoryNotFoundException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;

/**
 * Renders every domain error in the wire format of the protocol the request speaks — the one
 * place where errors become status codes and bodies.
 */
public final class ErrorResponses {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);
    static final String REALM = "Enseada";

    private final ObjectMapper json;

    public ErrorResponses(ObjectMapper json) {
        this.json = json;
    }

    public void register(RoutesConfig routes) {
        routes.exception(AccessDeniedException.class, (e, ctx) -> {
            if (e.authenticationRequired()) {
                ctx.header(Header.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
                render(ctx, 401, "UNAUTHORIZED", e.getMessage());
            } else {
                render(ctx, 403, "DENIED", e.getMessage());
            }
        });
        routes.exception(RepositoryNotFoundException.class, (e, ctx) -> render(ctx, 404, "NAME_UNKNOWN", e.getMessage()));
        routes.exception(Exception.class, (e, ctx) -> {
            String incident = UUID.randomUUID().toString();
            LOG.error("request {} {} failed (incident {})", ctx.method(), ctx.path(), incident, e);
            render(ctx, 500, "UNKNOWN", "internal error, incident " + incident);
        });
    }

    /** Writes an error in the request's protocol format. {@code code} is the OCI error code. */
    public void render(Context ctx, int status, String code, String message) {
        ctx.status(status);
        switch (Protocol.of(ctx.path())) {
            case OCI -> {
                ObjectNode error = json.createObjectNode().put("code", code).put("message", message);
                error.putNull("detail");
                ObjectNode body = json.createObjectNode();
                body.putArray("errors").add(error);
                ctx.header("Docker-Distribution-API-Version", "registry/2.0");
                ctx.contentType("application/json").result(body.toString());
            }
            case NPM -> ctx.contentType("application/json").result(json.createObjectNode().put("error", message).toString());
            case MAVEN, OTHER -> ctx.contentType("text/plain; charset=utf-8").result(message + "\n");
            case API -> {
                ObjectNode body = json.createObjectNode();
                body.putObject("error").put("code", code).put("message", message);
                ctx.contentType("application/json").result(body.toString());
            }
        }
    }
}
