package io.enseada.registry.http;

import io.enseada.registry.errors.AccessDeniedException;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;

/**
 * One protocol's error wire format, written only here: its body, the headers its error answers
 * carry, its authentication challenge, and the mapping of its own typed refusals. The protocol-
 * neutral errors are mapped once, by {@link ErrorResponses}.
 */
public interface ErrorRenderer {
    String REALM = "Enseada";
    String BASIC_CHALLENGE = "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"";

    /** The body; {@code detail} is structured detail or null. */
    ErrorBody body(String code, String message, Object detail);

    /** Headers every error answer of this protocol carries, Jetty's own error pages included. */
    default Map<String, String> headers() {
        return Map.of();
    }

    /** What a routed error answer carries beside body and headers (npm's notice, Maven's reason phrase). */
    default void annotate(Context ctx, int status, String message) {}

    /** The {@code WWW-Authenticate} challenge of a refusal that asks the caller to authenticate. */
    default String challenge(Context ctx, AccessDeniedException denied) {
        return BASIC_CHALLENGE;
    }

    /** Whether a bearer token that lacks a grant is answered 401: this protocol's clients then renew their token. */
    default boolean renewsTokens(Context ctx) {
        return false;
    }

    /** This protocol's own refusals, and shared errors it words its own way; empty for the shared mapping. */
    default Optional<Refusal> refusal(Exception e, Context ctx) {
        return Optional.empty();
    }
}
