package io.enseada.registry.ui;

import io.javalin.http.Context;

/** Builds each page's {@link Frame} from the request's session. */
final class PageFrames {
    private final UiAssets assets;

    PageFrames(UiAssets assets) {
        this.assets = assets;
    }

    Frame of(Context ctx, String title, String section) {
        return SessionFilter.session(ctx)
                .map(session -> new Frame(
                        title,
                        session.user().name(),
                        session.user().isAdmin(),
                        session.csrf(),
                        section,
                        ctx.queryParam("q"),
                        assets.stylesheetPath()))
                .orElseGet(() ->
                        new Frame(title, null, false, null, section, ctx.queryParam("q"), assets.stylesheetPath()));
    }

    Frame anonymous(String title) {
        return new Frame(title, null, false, null, null, null, assets.stylesheetPath());
    }
}
