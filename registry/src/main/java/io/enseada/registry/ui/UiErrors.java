package io.enseada.registry.ui;

import io.enseada.registry.errors.AccessDeniedException;
import io.enseada.registry.http.ErrorBody;
import io.enseada.registry.http.ErrorRenderer;
import io.enseada.registry.http.Refusal;
import io.javalin.http.Context;
import io.javalin.http.Header;
import java.util.Map;
import java.util.Optional;

/**
 * Errors of the UI as pages: a refusal, a missing page or an outage is an HTML page with the
 * registry's message and a way on; a page that needs a signed-in user sends an anonymous visitor
 * to the sign-in page, which brings them back.
 */
final class UiErrors implements ErrorRenderer {
    private final Pages pages;
    private final UiAssets assets;

    UiErrors(Pages pages, UiAssets assets) {
        this.pages = pages;
        this.assets = assets;
    }

    @Override
    public ErrorBody body(String code, String message, Object detail) {
        Frame frame = new Frame(heading(code), null, false, null, null, null, assets.stylesheetPath());
        return new ErrorBody(
                "text/html; charset=utf-8", pages.html("error.jte", frame, new ErrorView(heading(code), message)));
    }

    @Override
    public Map<String, String> headers() {
        return UiHeaders.PAGE;
    }

    @Override
    public Optional<Refusal> refusal(Exception e, Context ctx) {
        if (e instanceof AccessDeniedException denied && denied.needsAuthentication()) {
            String next = ctx.method().name().equals("GET") ? ctx.path() + query(ctx) : "/ui/";
            return Optional.of(new Refusal(
                    303,
                    "UNAUTHORIZED",
                    "sign in to see this page",
                    null,
                    Map.of(Header.LOCATION, UiRoutes.LOGIN + "?next=" + Text.query(next))));
        }
        return Optional.empty();
    }

    private static String query(Context ctx) {
        String query = ctx.queryString();
        return query == null || query.isEmpty() ? "" : "?" + query;
    }

    private static String heading(String code) {
        return switch (code) {
            case "DENIED" -> "Access denied";
            case "UNAUTHORIZED" -> "Sign in required";
            case "NOT_FOUND", "NAME_UNKNOWN" -> "Not found";
            case "TOOMANYREQUESTS" -> "Too many attempts";
            case "UNAVAILABLE" -> "Temporarily unavailable";
            case "UNKNOWN" -> "Something went wrong";
            default -> "The request could not be done";
        };
    }
}
