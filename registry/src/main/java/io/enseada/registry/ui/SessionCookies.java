package io.enseada.registry.ui;

import io.enseada.registry.http.PublicUrl;
import io.javalin.http.Context;
import java.time.Duration;

/**
 * The UI's cookies, written by hand so that every attribute is the one intended: {@code HttpOnly}
 * (no script reads them), {@code SameSite=Strict} (no other site's page sends them), and
 * {@code Secure} whenever the registry is reached over TLS (directly or behind a TLS proxy).
 */
final class SessionCookies {
    /** The session: sent to every path, so that file downloads of the UI's links carry it too. */
    static final String SESSION = "enseada_session";
    /** The sign-in form's token, before a session exists (a double-submitted cookie). */
    static final String LOGIN = "enseada_login";

    private final PublicUrl publicUrl;

    SessionCookies(PublicUrl publicUrl) {
        this.publicUrl = publicUrl;
    }

    void set(Context ctx, String name, String value, String path, Duration maxAge) {
        ctx.res()
                .addHeader(
                        "Set-Cookie",
                        name + "=" + value + "; Path=" + path + "; Max-Age=" + maxAge.toSeconds()
                                + "; HttpOnly; SameSite=Strict" + (secure(ctx) ? "; Secure" : ""));
    }

    void clear(Context ctx, String name, String path) {
        set(ctx, name, "", path, Duration.ZERO);
    }

    private boolean secure(Context ctx) {
        return ctx.scheme().equals("https") || publicUrl.base(ctx).startsWith("https:");
    }
}
