package io.enseada.registry.repository;

import io.enseada.registry.access.AccessGuard;
import io.enseada.registry.access.AccessRule;
import io.enseada.registry.access.Principal;
import io.enseada.registry.errors.NotFoundException;
import io.enseada.registry.errors.ValidationException;
import io.enseada.registry.http.Protocol;
import io.enseada.registry.http.ProtocolRoutes;
import io.enseada.shared.model.AccessAction;
import io.enseada.shared.model.RepositorySpec;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/**
 * Management API for what repositories hold: {@code /api/v1/repositories/{name}/packages} (a
 * sorted, paged listing), one package's detail, {@code /api/v1/search} and
 * {@code /api/v1/activity} across every repository the caller may read.
 */
public final class BrowseRoutes {
    static final int MAX_PAGE = 500;
    static final int MAX_QUERY = 200;

    private final PackageBrowser browser;

    public BrowseRoutes(PackageBrowser browser) {
        this.browser = browser;
    }

    public void register(RoutesConfig config) {
        ProtocolRoutes routes = new ProtocolRoutes(config, Protocol.API);
        routes.get(
                "/api/v1/repositories/{name}/packages",
                ctx -> {
                    PackageBrowser.Sort sort = PackageBrowser.Sort.parse(
                                    ctx.queryParamAsClass("sort", String.class).getOrDefault("name"))
                            .orElseThrow(() -> new ValidationException(
                                    "sort", "sort must be one of name, updated, versions, bytes"));
                    String order = ctx.queryParamAsClass("order", String.class).getOrDefault("asc");
                    if (!order.equals("asc") && !order.equals("desc")) {
                        throw new ValidationException("order", "order must be asc or desc");
                    }
                    int offset = number(ctx, "offset", 0, 0, Integer.MAX_VALUE);
                    int limit = number(ctx, "limit", 50, 1, MAX_PAGE);
                    PackageBrowser.Listing listing = browser.packages(
                            AccessGuard.principal(ctx),
                            AccessGuard.repository(ctx),
                            sort,
                            order.equals("desc"),
                            offset,
                            limit);
                    ctx.json(Map.of("items", listing.items(), "total", listing.total()));
                },
                AccessRule.on(AccessAction.READ, "name"));
        routes.get(
                "/api/v1/repositories/{name}/packages/<package>",
                ctx -> {
                    RepositorySpec repository = AccessGuard.repository(ctx);
                    String name = ctx.pathParam("package");
                    ctx.json(browser.detail(AccessGuard.principal(ctx), repository, name)
                            .orElseThrow(() -> new NotFoundException(
                                    "repository " + repository.name() + " holds no package " + name)));
                },
                AccessRule.on(AccessAction.READ, "name"));
        routes.get(
                "/api/v1/search",
                ctx -> {
                    String query = ctx.queryParamAsClass("q", String.class).getOrDefault("");
                    if (query.length() > MAX_QUERY) {
                        throw new ValidationException("q", "q must be at most " + MAX_QUERY + " characters");
                    }
                    int limit = number(ctx, "limit", 50, 1, MAX_PAGE);
                    ctx.json(Map.of("items", browser.search(AccessGuard.principal(ctx), query, limit)));
                },
                AccessRule.ANYONE);
        routes.get(
                "/api/v1/activity",
                ctx -> {
                    Principal caller = AccessGuard.principal(ctx);
                    int limit = number(ctx, "limit", 20, 1, MAX_PAGE);
                    ctx.json(Map.of("items", browser.recent(caller, limit)));
                },
                AccessRule.ANYONE);
    }

    private static int number(Context ctx, String name, int fallback, int min, int max) {
        String text = ctx.queryParam(name);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new ValidationException(name, name + " must be a whole number from " + min + " to " + max);
    }
}
