package io.enseada.registry.oci;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.access.OciScopes;
import io.enseada.registry.errors.AccessDeniedException;
import io.enseada.registry.errors.QuotaExceededException;
import io.enseada.registry.errors.WrongFormatException;
import io.enseada.registry.http.ErrorBody;
import io.enseada.registry.http.ErrorRenderer;
import io.enseada.registry.http.Protocol;
import io.enseada.registry.http.PublicUrl;
import io.enseada.registry.http.Refusal;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The distribution spec's error answers, written only here: {@code {"errors":[{"code","message","detail"}]}}
 * with the {@code Docker-Distribution-API-Version} header, the status each {@link OciError} is
 * registered with, and the Bearer challenge of the token flow (Basic on the token endpoint itself,
 * whose routes speak {@link #TOKEN_ENDPOINT}).
 */
final class OciErrors implements ErrorRenderer {
    /** The distribution API on {@code /v2}. */
    static final Protocol PROTOCOL = new Protocol("oci");
    /** The Docker token endpoint: OCI's error format, its clients authenticate with Basic. */
    static final Protocol TOKEN_ENDPOINT = new Protocol("oci-token");

    private final ObjectMapper json;
    private final PublicUrl publicUrl;
    private final boolean tokenFlow;

    /** @param tokenFlow whether a refusal challenges the client to get a token from the token endpoint */
    OciErrors(ObjectMapper json, PublicUrl publicUrl, boolean tokenFlow) {
        this.json = json;
        this.publicUrl = publicUrl;
        this.tokenFlow = tokenFlow;
    }

    @Override
    public ErrorBody body(String code, String message, Object detail) {
        ObjectNode item = json.createObjectNode().put("code", code).put("message", message);
        if (detail != null) {
            item.set("detail", json.valueToTree(detail));
        } else {
            item.putNull("detail");
        }
        ObjectNode body = json.createObjectNode();
        body.putArray("errors").add(item);
        return new ErrorBody("application/json", body.toString());
    }

    @Override
    public Map<String, String> headers() {
        return Map.of(OciRoutes.API_VERSION_HEADER, OciRoutes.API_VERSION);
    }

    @Override
    public Optional<Refusal> refusal(Exception e, Context ctx) {
        if (e instanceof WrongFormatException wrong) {
            return Optional.of(new Refusal(
                    OciError.NAME_UNKNOWN.status(),
                    OciError.NAME_UNKNOWN.code(),
                    "repository " + wrong.repository() + " is not an OCI repository",
                    Map.of("name", OciPath.parse(ctx.path()).name().toString()),
                    Map.of()));
        }
        if (e instanceof QuotaExceededException) {
            // distribution's clients print a DENIED refusal's message, as they do for a denied push
            return Optional.of(new Refusal(403, "DENIED", e.getMessage()));
        }
        if (!(e instanceof OciException refused)) {
            return Optional.empty();
        }
        OciError error = refused.error();
        Map<String, String> headers = new LinkedHashMap<>(refused.headers());
        if (error == OciError.RANGE_INVALID) {
            headers.put("Location", ctx.path());
        }
        // For a HEAD too: Jetty drops the bytes and keeps the GET's Content-Type and Content-Length.
        return Optional.of(new Refusal(error.status(), error.code(), e.getMessage(), refused.detail(), headers));
    }

    /** The distribution API's clients renew a bearer token on a 401 that names the scope they lack. */
    @Override
    public boolean renewsTokens(Context ctx) {
        return tokenFlow;
    }

    /**
     * A Bearer challenge naming the token endpoint and every scope the request needs (space
     * separated, as distribution writes them), plus {@code error="insufficient_scope"} when the
     * caller's token lacks them.
     */
    @Override
    public String challenge(Context ctx, AccessDeniedException denied) {
        if (!tokenFlow) {
            return BASIC_CHALLENGE;
        }
        StringBuilder challenge = new StringBuilder("Bearer realm=\"")
                .append(publicUrl.base(ctx))
                .append(TokenEndpoint.PATH)
                .append("\",service=\"")
                .append(publicUrl.host(ctx))
                .append('"');
        if (!denied.targets().isEmpty()) {
            challenge
                    .append(",scope=\"")
                    .append(String.join(
                            " ", denied.targets().stream().map(OciScopes::scope).toList()))
                    .append('"');
        }
        if (denied.reason() == AccessDeniedException.Reason.INSUFFICIENT_SCOPE) {
            challenge.append(",error=\"insufficient_scope\"");
        }
        return challenge.toString();
    }
}
