package io.enseada.registry.repository;

import io.enseada.registry.access.AccessGuard;
import io.enseada.registry.access.AccessRule;
import io.enseada.registry.access.Authorizer;
import io.enseada.registry.access.Principal;
import io.enseada.registry.audit.AuditLog;
import io.enseada.registry.errors.ConflictException;
import io.enseada.registry.errors.NotFoundException;
import io.enseada.registry.errors.ValidationException;
import io.enseada.registry.http.ClientAddress;
import io.enseada.registry.http.JsonBodies;
import io.enseada.registry.http.Protocol;
import io.enseada.registry.http.ProtocolRoutes;
import io.enseada.shared.model.AccessAction;
import io.enseada.shared.model.RepositorySpec;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/**
 * Management API for repositories: {@code /api/v1/repositories}. Reading is open to whoever may
 * read the repository; creating, changing and deleting is for administrators, and only when the
 * registry owns its configuration (embedded mode) — with CouchDB the operator's Repository
 * resources are the source of truth, and a change made here would be undone by it.
 */
public final class RepositoryRoutes {
    private final RepositoryCatalog catalog;
    private final Authorizer authorizer;
    private final AuditLog audit;
    private final JsonBodies bodies;
    private final boolean writable;

    public RepositoryRoutes(
            RepositoryCatalog catalog, Authorizer authorizer, AuditLog audit, JsonBodies bodies, boolean writable) {
        this.catalog = catalog;
        this.authorizer = authorizer;
        this.audit = audit;
        this.bodies = bodies;
        this.writable = writable;
    }

    public void register(RoutesConfig config) {
        ProtocolRoutes routes = new ProtocolRoutes(config, Protocol.API);
        routes.get(
                "/api/v1/repositories",
                ctx -> {
                    Principal caller = AccessGuard.principal(ctx);
                    ctx.json(Map.of(
                            "items",
                            catalog.all().stream()
                                    .filter(repository -> authorizer.allows(caller, repository, AccessAction.READ))
                                    .toList()));
                },
                AccessRule.ANYONE);
        routes.get(
                "/api/v1/repositories/{name}",
                ctx -> ctx.json(AccessGuard.repository(ctx)),
                AccessRule.on(AccessAction.READ, "name"));
        routes.post(
                "/api/v1/repositories",
                ctx -> {
                    RepositorySpec repository = body(ctx);
                    requireWritable();
                    if (!catalog.create(repository)) {
                        throw new ConflictException("repository " + repository.name() + " already exists");
                    }
                    audited(ctx, "repository.create", repository.name());
                    ctx.status(201).json(repository);
                },
                AccessRule.ADMIN);
        routes.put(
                "/api/v1/repositories/{name}",
                ctx -> {
                    RepositorySpec repository = body(ctx);
                    requireWritable();
                    if (!repository.name().equals(ctx.pathParam("name"))) {
                        throw new ValidationException(
                                "name",
                                "name '" + repository.name() + "' does not match the URL's '" + ctx.pathParam("name")
                                        + "'");
                    }
                    if (!catalog.replace(repository)) {
                        throw new NotFoundException("repository " + repository.name() + " not found");
                    }
                    audited(ctx, "repository.update", repository.name());
                    ctx.json(repository);
                },
                AccessRule.ADMIN);
        routes.delete(
                "/api/v1/repositories/{name}",
                ctx -> {
                    requireWritable();
                    if (!catalog.delete(ctx.pathParam("name"))) {
                        throw new NotFoundException("repository " + ctx.pathParam("name") + " not found");
                    }
                    audited(ctx, "repository.delete", ctx.pathParam("name"));
                    ctx.status(204);
                },
                AccessRule.ADMIN);
    }

    private RepositorySpec body(Context ctx) {
        return bodies.read(ctx, RepositorySpec.class);
    }

    private void requireWritable() {
        if (!writable) {
            throw new ConflictException(
                    "repositories are managed by the Kubernetes operator (Repository resources) in this installation");
        }
    }

    private void audited(Context ctx, String action, String target) {
        audit.record(AccessGuard.principal(ctx), action, target, ClientAddress.of(ctx), "ok");
    }
}
