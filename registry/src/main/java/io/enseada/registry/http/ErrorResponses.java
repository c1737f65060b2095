package io.enseada.registry.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.errors.AccessDeniedException;
import io.enseada.registry.access.OciScopes;
import io.enseada.registry.oci.TokenEndpoint;
import io.enseada.registry.errors.TooManyAttemptsException;
import io.enseada.registry.errors.ConflictException;
import io.enseada.registry.errors.NotFoundException;
import io.enseada.registry.errors.ValidationException;
import io.enseada.registry.errors.RepositoryNotFoundException;
import io.enseada.shared.json.Json;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Renders the errors every protocol shares (access, unknown repository, validation, internal
 * failure) in the wire format of the protocol the request speaks, with the challenge its clients
 * expect: Bearer pointing at the token endpoint for OCI and npm, Basic for Maven and the API.
 */
public final class ErrorResponses {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);
    static final String REALM = "Enseada";
    /** Long enough for a backend restart or a pod's failover, short enough for a CI job to wait for. */
    static final long RETRY_AFTER_SECONDS = 5;
    private static final Set<String> ENTITY_HEADERS = Set.of("content-length", "content-range", "accept-ranges", "etag",
            "last-modified", "cache-control", "docker-content-digest");

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
        routes.exception(RequestBodyException.class, (e, ctx) -> {
            if (FailureKind.of(e) == FailureKind.CLIENT_GONE) {
                clientGone(ctx, e);
            }
            render(ctx, e.status(), ErrorBody.codeFor(e.status()), e.getMessage());
        });
        routes.exception(Exception.class, this::failure);
    }

    /** What no format answered: a client that went away, a backend outage, or a defect. */
    private void failure(Exception e, Context ctx) {
        switch (FailureKind.of(e)) {
            case CLIENT_GONE -> {
                clientGone(ctx, e);
                render(ctx, 400, "UNSUPPORTED", "the request ended before its body was complete");
            }
            case METADATA_UNAVAILABLE -> unavailable(ctx, e, "the metadata store");
            case STORAGE_UNAVAILABLE -> unavailable(ctx, e, "the blob storage");
            case INTERNAL -> {
                String incident = UUID.randomUUID().toString();
                LOG.error("request {} {} failed (incident {})", ctx.method(), ctx.path(), incident, e);
                render(ctx, 500, "UNKNOWN", "internal error, incident " + incident);
            }
        }
    }

    /** A client that hung up mid-body is nobody's failure here: one debug line, no stack trace. */
    private static void clientGone(Context ctx, Exception e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        LOG.debug("{} {}: the client ended the request early ({})", ctx.method(), ctx.path(), cause.toString());
    }

    /** An outage: one line in the log (its cause, never a stack per request), 503 and when to retry for the client. */
    private void unavailable(Context ctx, Exception e, String backend) {
        LOG.warn("{} {}: {} is unavailable: {}", ctx.method(), ctx.path(), backend, Json.rootMessage(e, e.getClass().getSimpleName()));
        ctx.header(Header.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS));
        render(ctx, 503, "UNAVAILABLE", backend + " is unavailable; retry in a few seconds");
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

    /**
     * npm prints an {@code npm-notice} header even where it shows no error body (a 401 gets only
     * its own "Unable to authenticate"). Sent for refusals and failures only: npm probes for
     * packages that do not exist yet (a first publish), and a notice there would alarm for nothing.
     */
    public static void npmNotice(Context ctx, int status, String message) {
        if (status == 401 || status == 403 || status == 429 || status >= 500) {
            ctx.header("npm-notice", HeaderText.oneLine(message));
        }
    }

    /**
     * A failure after a handler described the body it meant to send (a blob whose storage went away
     * as it was opened) must not send that description with the error: a wrong Content-Length
     * breaks the answer, and a year-long immutable Cache-Control would let caches keep the error.
     */
    private static void clearEntityHeaders(Context ctx) {
        for (String name : List.copyOf(ctx.res().getHeaderNames())) {
            if (ENTITY_HEADERS.contains(name.toLowerCase(Locale.ROOT)) || name.toLowerCase(Locale.ROOT).startsWith("x-checksum-")) {
                ctx.res().setHeader(name, null);
            }
        }
    }

    /** Writes an error in the request's protocol format. {@code code} is the OCI error code. */
    public void render(Context ctx, int status, String code, String message) {
        clearEntityHeaders(ctx);
        Protocol protocol = Protocol.of(ctx.path());
        ErrorBody body = ErrorBody.of(json, protocol, code, message);
        switch (protocol) {
            case OCI -> ctx.header("Docker-Distribution-API-Version", "registry/2.0");
            case NPM -> npmNotice(ctx, status, message);
            // Maven shows only the status line of a failed transfer.
            case MAVEN, OTHER -> ReasonPhrases.set(ctx, message);
            case API -> { }
        }
        ctx.status(status).contentType(body.contentType()).result(body.text());
    }
}
