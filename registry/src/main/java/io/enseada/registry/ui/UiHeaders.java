package io.enseada.registry.ui;

import io.javalin.http.Context;
import java.util.Map;

/**
 * The headers of every UI page. The policy allows the UI's own stylesheet and no script at all:
 * nothing a package author writes (a README, a description, an image label) can run, even if it
 * slipped past the sanitizer. README images may come from https origins, as on npmjs.com.
 */
final class UiHeaders {
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self' https: data:;"
            + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    static final Map<String, String> PAGE = Map.of(
            "Content-Security-Policy", CONTENT_SECURITY_POLICY,
            // pages show what only their user may see: no shared or back-button cache keeps them
            "Cache-Control", "no-store",
            "Referrer-Policy", "same-origin");

    private UiHeaders() {}

    static void apply(Context ctx) {
        PAGE.forEach(ctx::header);
    }
}
