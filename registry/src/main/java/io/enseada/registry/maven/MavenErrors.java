package io.enseada.registry.maven;

import io.enseada.registry.errors.WrongFormatException;
import io.enseada.registry.http.ErrorBody;
import io.enseada.registry.http.ErrorRenderer;
import io.enseada.registry.http.PlainTextErrors;
import io.enseada.registry.http.Protocol;
import io.enseada.registry.http.Refusal;
import io.javalin.http.Context;
import java.util.Optional;

/** Maven's error answers: one line of text, the message as the reason phrase (all a Maven client shows), Basic challenge. */
final class MavenErrors implements ErrorRenderer {
    static final Protocol PROTOCOL = new Protocol("maven");

    private final PlainTextErrors text = new PlainTextErrors();

    @Override
    public ErrorBody body(String code, String message, Object detail) {
        return text.body(code, message, detail);
    }

    @Override
    public void annotate(Context ctx, int status, String message) {
        text.annotate(ctx, status, message);
    }

    @Override
    public Optional<Refusal> refusal(Exception e, Context ctx) {
        if (e instanceof WrongFormatException wrong) {
            return Optional.of(new Refusal(404, "NOT_FOUND", "no Maven repository named " + wrong.repository()));
        }
        if (!(e instanceof MavenException refused)) {
            return Optional.empty();
        }
        String code = switch (refused.kind()) {
            case NOT_FOUND -> "NOT_FOUND";
            case CONFLICT -> "CONFLICT";
            case INVALID, TOO_LARGE -> "UNSUPPORTED";
        };
        return Optional.of(new Refusal(statusOf(refused), code, e.getMessage()));
    }

    static int statusOf(MavenException refused) {
        return switch (refused.kind()) {
            case INVALID -> 400;
            case TOO_LARGE -> 413;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
        };
    }
}
