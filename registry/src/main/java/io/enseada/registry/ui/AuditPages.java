package io.enseada.registry.ui;

import io.enseada.registry.access.AccessRule;
import io.enseada.registry.audit.AuditLog;
import io.enseada.registry.http.ProtocolRoutes;
import io.javalin.http.Context;

/**
 * {@code /ui/admin/audit}, for administrators: the audit log newest first, a page at a time,
 * filtered by who, what (the start of the action) and repository — {@link AuditLog#search}, as
 * {@code GET /api/v1/audit} answers it.
 */
final class AuditPages {
    static final String PATH = "/ui/admin/audit";
    private static final int PAGE = 50;

    private final AuditLog audit;
    private final PageFrames frames;
    private final Pages pages;

    AuditPages(AuditLog audit, PageFrames frames, Pages pages) {
        this.audit = audit;
        this.frames = frames;
        this.pages = pages;
    }

    void register(ProtocolRoutes routes) {
        routes.get(PATH, this::show, AccessRule.ADMIN);
    }

    private void show(Context ctx) {
        AuditLog.Filter filter =
                new AuditLog.Filter(ctx.queryParam("who"), ctx.queryParam("action"), ctx.queryParam("repository"));
        AuditLog.Listing listing = audit.search(filter, ctx.queryParam("after"), PAGE);
        pages.render(
                ctx,
                200,
                "audit.jte",
                frames.of(ctx, "Audit log", "audit"),
                new AuditView(
                        filter, listing.entries(), next(filter, listing.next()), ctx.queryParam("after") != null));
    }

    /** The link to the older entries, keeping the filter; null on the last page. */
    private static String next(AuditLog.Filter filter, String after) {
        if (after == null) {
            return null;
        }
        StringBuilder link = new StringBuilder(PATH).append("?after=").append(Text.query(after));
        append(link, "who", filter.who());
        append(link, "action", filter.action());
        append(link, "repository", filter.repository());
        return link.toString();
    }

    private static void append(StringBuilder link, String name, String value) {
        if (value != null) {
            link.append('&').append(name).append('=').append(Text.query(value));
        }
    }
}
