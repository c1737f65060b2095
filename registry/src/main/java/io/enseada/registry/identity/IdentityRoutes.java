package io.enseada.registry.identity;

import io.enseada.registry.access.AccessGuard;
import io.enseada.registry.access.AccessRule;
import io.enseada.registry.access.Authorizer;
import io.enseada.registry.access.Principal;
import io.enseada.registry.audit.AuditLog;
import io.enseada.registry.errors.NotFoundException;
import io.enseada.registry.errors.ValidationException;
import io.enseada.registry.http.ClientAddress;
import io.enseada.registry.http.JsonBodies;
import io.enseada.registry.http.Protocol;
import io.enseada.registry.http.ProtocolRoutes;
import io.enseada.registry.repository.RepositoryCatalog;
import io.enseada.shared.model.AccessAction;
import io.enseada.shared.model.PolicySpec;
import io.enseada.shared.model.RepositorySpec;
import io.enseada.shared.model.RobotRecord;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Management API for identities and access under {@code /api/v1}: users, robots, tokens,
 * policies, the caller's own rights, and the audit trail. Every write is audited.
 */
public final class IdentityRoutes {
    private static final int MAX_PAGE = 500;

    private final UserService users;
    private final RobotService robots;
    private final TokenService tokens;
    private final PolicyService policies;
    private final AuditLog audit;
    private final RepositoryCatalog repositories;
    private final Authorizer authorizer;
    private final JsonBodies bodies;

    public IdentityRoutes(
            UserService users,
            RobotService robots,
            TokenService tokens,
            PolicyService policies,
            AuditLog audit,
            RepositoryCatalog repositories,
            Authorizer authorizer,
            JsonBodies bodies) {
        this.users = users;
        this.robots = robots;
        this.tokens = tokens;
        this.policies = policies;
        this.audit = audit;
        this.repositories = repositories;
        this.authorizer = authorizer;
        this.bodies = bodies;
    }

    public void register(RoutesConfig config) {
        ProtocolRoutes routes = new ProtocolRoutes(config, Protocol.API);
        routes.get("/api/v1/whoami", this::whoami, AccessRule.ANYONE);

        routes.get("/api/v1/users", ctx -> ctx.json(items(users.list())), AccessRule.ADMIN);
        routes.post(
                "/api/v1/users",
                ctx -> {
                    UserService.UserView user = users.create(bodies.read(ctx, UserService.UserRequest.class));
                    audited(ctx, "user.create", "user:" + user.name());
                    ctx.status(201).json(user);
                },
                AccessRule.ADMIN);
        routes.get(
                "/api/v1/users/{name}",
                ctx -> ctx.json(users.get(ctx.pathParam("name"))
                        .orElseThrow(() -> new NotFoundException("user " + ctx.pathParam("name") + " not found"))),
                AccessRule.ADMIN);
        routes.patch(
                "/api/v1/users/{name}",
                ctx -> {
                    UserService.UserView user =
                            users.update(ctx.pathParam("name"), bodies.read(ctx, UserService.UserRequest.class));
                    audited(ctx, "user.update", "user:" + user.name());
                    ctx.json(user);
                },
                AccessRule.ADMIN);
        routes.delete(
                "/api/v1/users/{name}",
                ctx -> {
                    int revoked = users.delete(ctx.pathParam("name"));
                    audited(ctx, "user.delete", "user:" + ctx.pathParam("name") + revokedTokens(revoked));
                    ctx.status(204);
                },
                AccessRule.ADMIN);

        routes.get("/api/v1/robots", ctx -> ctx.json(items(robots.list())), AccessRule.ADMIN);
        routes.post(
                "/api/v1/robots",
                ctx -> {
                    RobotRecord robot = robots.create(bodies.read(ctx, RobotService.RobotRequest.class));
                    audited(ctx, "robot.create", "robot:" + robot.name());
                    ctx.status(201).json(robot);
                },
                AccessRule.ADMIN);
        routes.get(
                "/api/v1/robots/{name}",
                ctx -> ctx.json(robots.get(ctx.pathParam("name"))
                        .orElseThrow(() -> new NotFoundException("robot " + ctx.pathParam("name") + " not found"))),
                AccessRule.ADMIN);
        routes.patch(
                "/api/v1/robots/{name}",
                ctx -> {
                    RobotRecord robot =
                            robots.update(ctx.pathParam("name"), bodies.read(ctx, RobotService.RobotRequest.class));
                    audited(ctx, "robot.update", "robot:" + robot.name());
                    ctx.json(robot);
                },
                AccessRule.ADMIN);
        routes.delete(
                "/api/v1/robots/{name}",
                ctx -> {
                    int revoked = robots.delete(ctx.pathParam("name"));
                    audited(ctx, "robot.delete", "robot:" + ctx.pathParam("name") + revokedTokens(revoked));
                    ctx.status(204);
                },
                AccessRule.ADMIN);

        routes.get(
                "/api/v1/tokens",
                ctx -> ctx.json(items(tokens.list(AccessGuard.principal(ctx), ctx.queryParam("owner")))),
                AccessRule.AUTHENTICATED);
        routes.post(
                "/api/v1/tokens",
                ctx -> {
                    TokenService.CreatedToken created = tokens.create(
                            AccessGuard.principal(ctx), bodies.read(ctx, TokenService.TokenRequest.class));
                    audited(
                            ctx,
                            "token.create",
                            "token:" + created.details().id() + " for "
                                    + created.details().owner());
                    ctx.status(201).json(created);
                },
                AccessRule.AUTHENTICATED);
        routes.get(
                "/api/v1/tokens/{id}",
                ctx -> ctx.json(tokens.get(AccessGuard.principal(ctx), ctx.pathParam("id"))),
                AccessRule.AUTHENTICATED);
        routes.delete(
                "/api/v1/tokens/{id}",
                ctx -> {
                    tokens.revoke(AccessGuard.principal(ctx), ctx.pathParam("id"));
                    audited(ctx, "token.revoke", "token:" + ctx.pathParam("id"));
                    ctx.status(204);
                },
                AccessRule.AUTHENTICATED);

        routes.get("/api/v1/policies", ctx -> ctx.json(items(policies.list())), AccessRule.ADMIN);
        routes.post(
                "/api/v1/policies",
                ctx -> {
                    PolicySpec policy = policies.create(bodies.read(ctx, PolicySpec.class));
                    audited(ctx, "policy.create", "policy:" + policy.name());
                    ctx.status(201).json(policy);
                },
                AccessRule.ADMIN);
        routes.get(
                "/api/v1/policies/{name}",
                ctx -> ctx.json(policies.get(ctx.pathParam("name"))
                        .orElseThrow(() -> new NotFoundException("policy " + ctx.pathParam("name") + " not found"))),
                AccessRule.ADMIN);
        routes.put(
                "/api/v1/policies/{name}",
                ctx -> {
                    PolicySpec policy = policies.replace(ctx.pathParam("name"), bodies.read(ctx, PolicySpec.class));
                    audited(ctx, "policy.update", "policy:" + policy.name());
                    ctx.json(policy);
                },
                AccessRule.ADMIN);
        routes.delete(
                "/api/v1/policies/{name}",
                ctx -> {
                    policies.delete(ctx.pathParam("name"));
                    audited(ctx, "policy.delete", "policy:" + ctx.pathParam("name"));
                    ctx.status(204);
                },
                AccessRule.ADMIN);

        routes.get(
                "/api/v1/audit",
                ctx -> {
                    int limit = limit(ctx);
                    AuditLog.Filter filter = new AuditLog.Filter(
                            ctx.queryParam("who"), ctx.queryParam("action"), ctx.queryParam("repository"));
                    AuditLog.Listing listing = audit.search(filter, ctx.queryParam("after"), limit);
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("items", listing.entries());
                    body.put("next", listing.next());
                    ctx.json(body);
                },
                AccessRule.ADMIN);
    }

    private void whoami(Context ctx) {
        Principal caller = AccessGuard.principal(ctx);
        List<Map<String, Object>> rights = new ArrayList<>();
        for (RepositorySpec repository : repositories.all()) {
            Set<AccessAction> actions = authorizer.granted(caller, repository, null);
            if (!actions.isEmpty()) {
                rights.add(Map.of("repository", repository.name(), "format", repository.format(), "actions", actions));
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", caller.name());
        body.put("kind", caller.kind().name().toLowerCase());
        body.put("admin", caller.isAdmin());
        body.put("subjects", caller.subjects());
        body.put("repositories", rights);
        ctx.json(body);
    }

    private void audited(Context ctx, String action, String target) {
        audit.record(AccessGuard.principal(ctx), action, target, ClientAddress.of(ctx), "ok");
    }

    private static String revokedTokens(int count) {
        return count == 0 ? "" : " (" + count + (count == 1 ? " token" : " tokens") + " revoked)";
    }

    private static int limit(Context ctx) {
        String text = ctx.queryParam("limit");
        if (text == null) {
            return 100;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit < 1 || limit > MAX_PAGE) {
                throw new NumberFormatException();
            }
            return limit;
        } catch (NumberFormatException e) {
            throw new ValidationException("limit", "limit must be a number from 1 to " + MAX_PAGE);
        }
    }

    private static Map<String, Object> items(List<?> items) {
        return Map.of("items", items);
    }
}
