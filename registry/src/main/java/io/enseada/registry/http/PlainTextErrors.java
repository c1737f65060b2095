package io.enseada.registry.http;

import io.javalin.http.Context;

/**
 * Errors as one line of text, with the message as the reason phrase too: Maven shows only the
 * status line of a failed transfer. Also the answer outside every protocol (health, metrics).
 */
public final class PlainTextErrors implements ErrorRenderer {
    @Override
    public ErrorBody body(String code, String message, Object detail) {
        return new ErrorBody("text/plain; charset=utf-8", message + "\n");
    }

    @Override
    public void annotate(Context ctx, int status, String message) {
        ReasonPhrases.set(ctx, message);
    }
}
