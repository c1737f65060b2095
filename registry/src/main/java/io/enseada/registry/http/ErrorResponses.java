package io.enseada.registry.http;

import io.enseada.registry.errors.AccessDeniedException;
import io.enseada.registry.errors.ConflictException;
import io.enseada.registry.errors.NotFoundException;
import io.enseada.registry.errors.QuotaExceededException;
import io.enseada.registry.errors.ReadOnlyRepositoryException;
import io.enseada.registry.errors.RepositoryNotFoundException;
import io.enseada.registry.errors.TooManyAttemptsException;
import io.enseada.registry.errors.UpstreamUnavailableException;
import io.enseada.registry.errors.ValidationException;
import io.enseada.registry.errors.WrongFormatException;
import io.enseada.shared.json.Json;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Header;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one exception handler: maps the protocol-neutral errors (access, unknown repository,
 * validation, a body the registry will not take, a backend outage, a defect) to a status and code,
 * lets the renderer of the failed route's protocol map its own typed refusals, and writes the
 * answer in that protocol's wire format ({@link ErrorRenderer}), with the challenge its clients expect.
 */
public final class ErrorResponses {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);
    /** Long enough for a backend restart or a pod's failover, short enough for a CI job to wait for. */
    static final long RETRY_AFTER_SECONDS = 5;

    private static final Set<String> ENTITY_HEADERS = Set.of(
            "content-length",
            "content-range",
            "accept-ranges",
            "etag",
            "last-modified",
            "cache-control",
            "docker-content-digest");

    private final ErrorRenderers renderers;

    public ErrorResponses(ErrorRenderers renderers) {
        this.renderers = renderers;
    }

    public void register(RoutesConfig routes) {
        routes.exception(Exception.class, this::handle);
    }

    private void handle(Exception e, Context ctx) {
        if (ctx.res().isCommitted()) {
            // A body streamed as it arrived (see LiveBody) failed partway: nothing may follow what
            // was sent, and Jetty, finding the body short of its length, cuts the connection.
            if (FailureKind.of(e) == FailureKind.CLIENT_GONE) {
                clientGone(ctx, e);
            } else {
                LOG.warn(
                        "{} {}: failed after its answer began, cutting it short: {}",
                        ctx.method(),
                        ctx.path(),
                        e.getMessage());
            }
            return;
        }
        ErrorRenderer renderer = renderers.of(ctx);
        Refusal refusal = renderer.refusal(e, ctx).orElseGet(() -> shared(e, ctx, renderer));
        clearEntityHeaders(ctx);
        refusal.headers().forEach(ctx::header);
        renderer.headers().forEach(ctx::header);
        renderer.annotate(ctx, refusal.status(), refusal.message());
        ErrorBody body = renderer.body(refusal.code(), refusal.message(), refusal.detail());
        ctx.status(refusal.status()).contentType(body.contentType()).result(body.text());
    }

    private Refusal shared(Exception e, Context ctx, ErrorRenderer renderer) {
        if (e instanceof AccessDeniedException denied) {
            if (denied.needsAuthentication()
                    || (denied.reason() == AccessDeniedException.Reason.INSUFFICIENT_SCOPE
                            && renderer.renewsTokens(ctx))) {
                return new Refusal(
                        401,
                        "UNAUTHORIZED",
                        e.getMessage(),
                        null,
                        Map.of(Header.WWW_AUTHENTICATE, renderer.challenge(ctx, denied)));
            }
            return new Refusal(403, "DENIED", e.getMessage());
        }
        if (e instanceof TooManyAttemptsException tooMany) {
            return new Refusal(
                    429,
                    "TOOMANYREQUESTS",
                    e.getMessage(),
                    null,
                    Map.of(
                            Header.RETRY_AFTER,
                            Long.toString(tooMany.retryAfter().toSeconds())));
        }
        if (e instanceof RepositoryNotFoundException || e instanceof WrongFormatException) {
            return new Refusal(404, "NAME_UNKNOWN", e.getMessage());
        }
        if (e instanceof ReadOnlyRepositoryException) {
            return new Refusal(405, "UNSUPPORTED", e.getMessage(), null, Map.of(Header.ALLOW, "GET, HEAD"));
        }
        if (e instanceof QuotaExceededException) {
            return new Refusal(413, "QUOTA_EXCEEDED", e.getMessage());
        }
        if (e instanceof UpstreamUnavailableException upstream) {
            LOG.warn("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            int status = upstream.timedOut() ? 504 : 502;
            return new Refusal(status, ErrorBody.codeFor(status), e.getMessage());
        }
        if (e instanceof NotFoundException) {
            return new Refusal(404, "NOT_FOUND", e.getMessage());
        }
        if (e instanceof ConflictException) {
            return new Refusal(409, "CONFLICT", e.getMessage());
        }
        if (e instanceof ValidationException) {
            return new Refusal(400, "UNSUPPORTED", e.getMessage());
        }
        if (e instanceof RequestBodyException body) {
            if (FailureKind.of(e) == FailureKind.CLIENT_GONE) {
                clientGone(ctx, e);
            }
            return new Refusal(body.status(), ErrorBody.codeFor(body.status()), e.getMessage());
        }
        return failure(e, ctx);
    }

    /** What no format answered: a client that went away, a backend outage, or a defect. */
    private Refusal failure(Exception e, Context ctx) {
        return switch (FailureKind.of(e)) {
            case CLIENT_GONE -> {
                clientGone(ctx, e);
                yield new Refusal(400, "UNSUPPORTED", "the request ended before its body was complete");
            }
            case METADATA_UNAVAILABLE -> unavailable(ctx, e, "the metadata store");
            case STORAGE_UNAVAILABLE -> unavailable(ctx, e, "the blob storage");
            case INTERNAL -> {
                String incident = UUID.randomUUID().toString();
                LOG.error("request {} {} failed (incident {})", ctx.method(), ctx.path(), incident, e);
                yield new Refusal(500, "UNKNOWN", "internal error, incident " + incident);
            }
        };
    }

    /** A client that hung up mid-body is nobody's failure here: one debug line, no stack trace. */
    private static void clientGone(Context ctx, Exception e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        LOG.debug("{} {}: the client ended the request early ({})", ctx.method(), ctx.path(), cause.toString());
    }

    /** An outage: one line in the log (its cause, never a stack per request), 503 and when to retry for the client. */
    private static Refusal unavailable(Context ctx, Exception e, String backend) {
        LOG.warn(
                "{} {}: {} is unavailable: {}",
                ctx.method(),
                ctx.path(),
                backend,
                Json.rootMessage(e, e.getClass().getSimpleName()));
        return new Refusal(
                503,
                "UNAVAILABLE",
                backend + " is unavailable; retry in a few seconds",
                null,
                Map.of(Header.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS)));
    }

    /**
     * A failure after a handler described the body it meant to send (a blob whose storage went away
     * as it was opened) must not send that description with the error: a wrong Content-Length
     * breaks the answer, and a year-long immutable Cache-Control would let caches keep the error.
     */
    private static void clearEntityHeaders(Context ctx) {
        for (String name : List.copyOf(ctx.res().getHeaderNames())) {
            if (ENTITY_HEADERS.contains(name.toLowerCase(Locale.ROOT))
                    || name.toLowerCase(Locale.ROOT).startsWith("x-checksum-")) {
                ctx.res().setHeader(name, null);
            }
        }
    }
}
