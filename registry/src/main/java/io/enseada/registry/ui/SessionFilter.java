package io.enseada.registry.ui;

import io.enseada.registry.access.AccessGuard;
import io.enseada.registry.errors.AccessDeniedException;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Runs before every request: finds the browser's session and hands its user to the access guard,
 * and refuses a UI form whose CSRF token is not its session's. The session authenticates every
 * request under {@code /ui/}, and reads (GET, HEAD) elsewhere — the UI's download links and
 * what a signed-in user opens of the API — never a protocol or API write, which a page of
 * another origin could otherwise make a browser send.
 */
final class SessionFilter {
    static final String SESSION = "enseada.ui.session";
    static final String CSRF_FIELD = "_csrf";

    private final UiSessions sessions;

    SessionFilter(UiSessions sessions) {
        this.sessions = sessions;
    }

    static Optional<UiSessions.Session> session(Context ctx) {
        return Optional.ofNullable(ctx.attribute(SESSION));
    }

    void resolve(Context ctx) {
        String secret = ctx.cookie(SessionCookies.SESSION);
        if (secret == null) {
            return;
        }
        boolean ui = ctx.path().startsWith(UiRoutes.ROOT);
        boolean read = ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD;
        if (!ui && !read) {
            return;
        }
        sessions.find(secret).ifPresent(session -> {
            ctx.attribute(SESSION, session);
            ctx.attribute(AccessGuard.SESSION_PRINCIPAL, session.user());
        });
    }

    /** Every UI form post but the sign-in (which has no session yet) carries its session's token. */
    void checkForm(Context ctx) {
        if (ctx.method() != HandlerType.POST
                || !ctx.path().startsWith(UiRoutes.ROOT)
                || ctx.path().equals(UiRoutes.LOGIN)) {
            return;
        }
        Optional<UiSessions.Session> session = session(ctx);
        if (session.isEmpty()) {
            return; // not signed in: the page's access rule sends the visitor to sign in
        }
        if (!same(session.get().csrf(), ctx.formParam(CSRF_FIELD))) {
            throw AccessDeniedException.forbidden(
                    "the form did not carry this session's security token (it may come from another site, or"
                            + " from a page older than your sign-in): reload the page and try again");
        }
    }

    /** Compares in constant time: the token is a secret. */
    static boolean same(String expected, String given) {
        return given != null
                && MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
