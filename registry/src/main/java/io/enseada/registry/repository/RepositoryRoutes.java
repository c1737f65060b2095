package io.enseada.registry.repository;

import io.enseada.registry.access.AccessGuard;
import io.enseada.registry.access.AccessRule;
import io.enseada.registry.access.Action;
import io.enseada.registry.access.Authorizer;
import io.enseada.registry.access.Principal;
import io.javalin.config.RoutesConfig;

import java.util.Map;

/** Management API for repositories: {@code /api/v1/repositories}. */
public final class RepositoryRoutes {
    private final RepositoryCatalog catalog;
    private final Authorizer authorizer;

    public RepositoryRoutes(RepositoryCatalog catalog, Authorizer authorizer) {
        this.catalog = catalog;
        this.authorizer = authorizer;
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/v1/repositories", ctx -> {
            Principal caller = AccessGuard.principal(ctx);
            ctx.json(Map.of("items", catalog.all().stream()
                    .filter(repository -> authorizer.allows(caller, repository, Action.READ))
                    .toList()));
        }, AccessRule.ANYONE);
        routes.get("/api/v1/repositories/{name}", ctx -> ctx.json(AccessGuard.repository(ctx)),
                AccessRule.on(Action.READ, "name"));
    }
}
