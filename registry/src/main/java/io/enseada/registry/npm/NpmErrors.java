package io.enseada.registry.npm;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.registry.errors.AccessDeniedException;
import io.enseada.registry.errors.WrongFormatException;
import io.enseada.registry.http.ErrorBody;
import io.enseada.registry.http.ErrorRenderer;
import io.enseada.registry.http.HeaderText;
import io.enseada.registry.http.Protocol;
import io.enseada.registry.http.Refusal;
import io.javalin.http.Context;
import java.util.Optional;

/** npm's error answers, written only here: {@code {"error": message}}, with a notice header and a Bearer challenge. */
final class NpmErrors implements ErrorRenderer {
    static final Protocol PROTOCOL = new Protocol("npm");

    private final ObjectMapper json;

    NpmErrors(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public ErrorBody body(String code, String message, Object detail) {
        return new ErrorBody(
                "application/json",
                json.createObjectNode().put("error", message).toString());
    }

    /**
     * npm prints an {@code npm-notice} header even where it shows no error body (a 401 gets only
     * its own "Unable to authenticate"). Sent for refusals and failures only: npm probes for
     * packages that do not exist yet (a first publish), and a notice there would alarm for nothing.
     */
    @Override
    public void annotate(Context ctx, int status, String message) {
        if (status == 401 || status == 403 || status == 413 || status == 429 || status >= 500) {
            ctx.header("npm-notice", HeaderText.oneLine(message));
        }
    }

    @Override
    public String challenge(Context ctx, AccessDeniedException denied) {
        return "Bearer realm=\"" + REALM + "\"";
    }

    @Override
    public Optional<Refusal> refusal(Exception e, Context ctx) {
        if (e instanceof WrongFormatException wrong) {
            return Optional.of(
                    new Refusal(404, ErrorBody.codeFor(404), "repository " + wrong.repository() + " not found"));
        }
        if (!(e instanceof NpmException refused)) {
            return Optional.empty();
        }
        int status = statusOf(refused);
        return Optional.of(new Refusal(status, ErrorBody.codeFor(status), e.getMessage()));
    }

    /** The status the public registry answers a refusal of this kind with. */
    static int statusOf(NpmException refused) {
        return switch (refused.kind()) {
            case INVALID -> 400;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case TOO_LARGE -> 413;
        };
    }
}
