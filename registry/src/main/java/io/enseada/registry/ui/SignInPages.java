package io.enseada.registry.ui;

import io.enseada.registry.access.AccessRule;
import io.enseada.registry.access.Authenticator;
import io.enseada.registry.access.BasicCredentials;
import io.enseada.registry.access.Credential;
import io.enseada.registry.access.Principal;
import io.enseada.registry.audit.AuditLog;
import io.enseada.registry.errors.AccessDeniedException;
import io.enseada.registry.errors.TooManyAttemptsException;
import io.enseada.registry.http.ClientAddress;
import io.enseada.registry.http.ProtocolRoutes;
import io.javalin.http.Context;
import io.javalin.http.Header;
import java.time.Duration;

/**
 * Sign in with a user's password, and sign out. The sign-in goes through the same
 * {@link Authenticator} as every client's Basic credentials, so the login throttle applies and
 * a wrong name and a wrong password look alike. API tokens do not open sessions: they are for
 * clients, and a leaked one must not give a browser session.
 */
final class SignInPages {
    private static final Duration LOGIN_FORM_LIFETIME = Duration.ofHours(1);

    private final Authenticator authenticator;
    private final UiSessions sessions;
    private final SessionCookies cookies;
    private final AuditLog audit;
    private final PageFrames frames;
    private final Pages pages;

    SignInPages(
            Authenticator authenticator,
            UiSessions sessions,
            SessionCookies cookies,
            AuditLog audit,
            PageFrames frames,
            Pages pages) {
        this.authenticator = authenticator;
        this.sessions = sessions;
        this.cookies = cookies;
        this.audit = audit;
        this.frames = frames;
        this.pages = pages;
    }

    void register(ProtocolRoutes routes) {
        routes.get(UiRoutes.LOGIN, this::form, AccessRule.ANYONE);
        routes.post(UiRoutes.LOGIN, this::signIn, AccessRule.ANYONE);
        routes.post(UiRoutes.LOGOUT, this::signOut, AccessRule.ANYONE);
    }

    private void form(Context ctx) {
        if (SessionFilter.session(ctx).isPresent()) {
            ctx.redirect(next(ctx.queryParam("next")), io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        show(ctx, 200, next(ctx.queryParam("next")), "", null);
    }

    private void signIn(Context ctx) {
        String next = next(ctx.formParam("next"));
        String username = value(ctx.formParam("username"));
        String password = ctx.formParam("password") == null ? "" : ctx.formParam("password");
        if (!SessionFilter.same(value(ctx.cookie(SessionCookies.LOGIN)), ctx.formParam(SessionFilter.CSRF_FIELD))
                || ctx.cookie(SessionCookies.LOGIN) == null) {
            show(ctx, 403, next, username, "The sign-in form expired or came from another site. Please try again.");
            return;
        }
        if (username.isEmpty() || password.isEmpty()) {
            show(ctx, 400, next, username, "Enter your user name and password.");
            return;
        }
        Principal user;
        try {
            user = authenticator.authenticate(new BasicCredentials(username, password), ClientAddress.of(ctx));
        } catch (TooManyAttemptsException e) {
            ctx.header(Header.RETRY_AFTER, Long.toString(e.retryAfter().toSeconds()));
            show(ctx, 429, next, username, "Too many failed attempts. Wait a few minutes and try again.");
            return;
        } catch (AccessDeniedException e) {
            show(ctx, 401, next, username, "Wrong user name or password.");
            return;
        }
        if (user.kind() != Principal.Kind.USER || user.credential().type() != Credential.Type.PASSWORD) {
            show(ctx, 401, next, username, "Sign in with a user's password; API tokens are for clients.");
            return;
        }
        UiSessions.Opened opened = sessions.open(user);
        cookies.set(ctx, SessionCookies.SESSION, opened.secret(), "/", UiSessions.LIFETIME);
        cookies.clear(ctx, SessionCookies.LOGIN, UiRoutes.LOGIN);
        audit.record(user, "ui.signin", "user:" + user.name(), ClientAddress.of(ctx), "ok");
        ctx.redirect(next, io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private void signOut(Context ctx) {
        SessionFilter.session(ctx)
                .ifPresent(session -> audit.record(
                        session.user(), "ui.signout", "user:" + session.user().name(), ClientAddress.of(ctx), "ok"));
        sessions.close(ctx.cookie(SessionCookies.SESSION));
        cookies.clear(ctx, SessionCookies.SESSION, "/");
        ctx.redirect(UiRoutes.LOGIN, io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private void show(Context ctx, int status, String next, String username, String error) {
        String token = sessions.randomText();
        cookies.set(ctx, SessionCookies.LOGIN, token, UiRoutes.LOGIN, LOGIN_FORM_LIFETIME);
        pages.render(
                ctx, status, "login.jte", frames.anonymous("Sign in"), new LoginView(token, next, username, error));
    }

    /** Only a path of the UI: a sign-in link must not send the user to another site. */
    static String next(String requested) {
        if (requested == null
                || !requested.startsWith(UiRoutes.ROOT)
                || requested.startsWith("//")
                || requested.contains("\\")
                || requested.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return UiRoutes.ROOT;
        }
        return requested;
    }

    private static String value(String text) {
        return text == null ? "" : text.trim();
    }
}
