package io.enseada.registry.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.access.AccessDeniedException;
import io.enseada.registry.access.OciScopes;
import io.enseada.registry.access.TokenEndpoint;
import io.enseada.registry.access.TooManyAttemptsException;
import io.enseada.registry.identity.ConflictException;
import io.enseada.registry.identity.NotFoundException;
import io.enseada.registry.identity.ValidationException;
import io.enseada.registry.repository.RepositoryNotFoundException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;

/**
 * Renders the errors every protocol shares (access, unknown repository, validation, internal
 * failure) in the wire format of the protocol the request speaks, with the challenge its clients
 * expect: Bearer pointing at the token endpoint for OCI and npm, Basic for Maven and the API.
 */
public final class ErrorResponses {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);
    static final String REALM = "Enseada";

    private final ObjectMapper json;
    private final PublicUrl publicUrl;

    public ErrorResponses(ObjectMapper json, PublicUrl publicUrl) {
        this.json = json;
        this.publicUrl = publicUrl;
    }

    public void register(RoutesConfig routes) {
        routes.exception(AccessDeniedException.class, (e, ctx) -> {
            if (e.needsAuthentication() || (e.reason() == AccessDeniedException.Reason.INSUFFICIENT_SCOPE && speaksTokenFlow(ctx))) {
                ctx.header(Header.WWW_AUTHENTICATE, challenge(ctx, e));
                render(ctx, 401, "UNAUTHORIZED", e.getMessage());
            } else {
                render(ctx, 403, "DENIED", e.getMessage());
            }
        });
        routes.exception(TooManyAttemptsException.class, (e, ctx) -> {
            ctx.header(Header.RETRY_AFTER, Long.toString(e.retryAfter().toSeconds()));
            render(ctx, 429, "TOOMANYREQUESTS", e.getMessage());
        });
        routes.exception(RepositoryNotFoundException.class, (e, ctx) -> render(ctx, 404, "NAME_UNKNOWN", e.getMessage()));
        routes.exception(NotFoundException.class, (e, ctx) -> render(ctx, 404, "NOT_FOUND", e.getMessage()));
        routes.exception(ConflictException.class, (e, ctx) -> render(ctx, 409, "CONFLICT", e.getMessage()));
        routes.exception(ValidationException.class, (e, ctx) -> {
            if (Protocol.of(ctx.path()) == Protocol.API) {
                ObjectNode body = json.createObjectNode();
                body.putObject("error").put("code", "INVALID").put("message", e.getMessage()).put("field", e.field());
                ctx.status(400).contentType("application/json").result(body.toString());
            } else {
                render(ctx, 400, "UNSUPPORTED", e.getMessage());
            }
        });
        routes.exception(RequestBodyException.class, (e, ctx) -> render(ctx, e.status(), ErrorBody.codeFor(e.status()), e.getMessage()));
        routes.exception(Exception.class, (e, ctx) -> {
            String incident = UUID.randomUUID().toString();
            LOG.error("request {} {} failed (incident {})", ctx.method(), ctx.path(), incident, e);
            render(ctx, 500, "UNKNOWN", "internal error, incident " + incident);
        });
    }

    /** The distribution API, whose clients renew a bearer token on a 401 that names the scope they lack. */
    private static boolean speaksTokenFlow(Context ctx) {
        return Protocol.of(ctx.path()) == Protocol.OCI && !ctx.path().startsWith("/auth/");
    }

    /**
     * OCI: a Bearer challenge naming the token endpoint and every scope the request needs (space
     * separated, as distribution writes them), plus {@code error="insufficient_scope"} when the
     * caller's token lacks them. npm: Bearer; Maven and the API: Basic.
     */
    private String challenge(Context ctx, AccessDeniedException denied) {
        if (speaksTokenFlow(ctx)) {
            StringBuilder challenge = new StringBuilder("Bearer realm=\"").append(publicUrl.base(ctx)).append(TokenEndpoint.PATH)
                    .append("\",service=\"").append(publicUrl.host(ctx)).append('"');
            if (!denied.targets().isEmpty()) {
                challenge.append(",scope=\"").append(String.join(" ", denied.targets().stream().map(OciScopes::scope).toList())).append('"');
            }
            if (denied.reason() == AccessDeniedException.Reason.INSUFFICIENT_SCOPE) {
                challenge.append(",error=\"insufficient_scope\"");
            }
            return challenge.toString();
        }
        if (Protocol.of(ctx.path()) == Protocol.NPM) {
            return "Bearer realm=\"" + REALM + "\"";
        }
        return "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"";
    }

    /** Writes an error in the request's protocol format. {@code code} is the OCI error code. */
    public void render(Context ctx, int status, String code, String message) {
        Protocol protocol = Protocol.of(ctx.path());
        ErrorBody body = ErrorBody.of(json, protocol, code, message);
        if (protocol == Protocol.OCI) {
            ctx.header("Docker-Distribution-API-Version", "registry/2.0");
        }
        ctx.status(status).contentType(body.contentType()).result(body.text());
    }
}
