package io.enseada.registry.ui;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.util.Map;

/** Renders the precompiled templates (src/main/jte) into UI responses. */
final class Pages {
    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

    /** {@code template} with the layout's frame and the page's view, answered with {@code status}. */
    void render(Context ctx, int status, String template, Frame frame, Object view) {
        ctx.status(status).contentType("text/html; charset=utf-8").result(html(template, frame, view));
        UiHeaders.apply(ctx);
    }

    String html(String template, Frame frame, Object view) {
        StringOutput out = new StringOutput();
        engine.render(template, view == null ? Map.of("frame", frame) : Map.of("frame", frame, "view", view), out);
        return out.toString();
    }
}
