package io.enseada.registry.access;

import io.enseada.registry.repository.RepositoryCatalog;
import io.enseada.registry.repository.RepositoryNotFoundException;
import io.enseada.shared.model.RepositorySpec;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.security.RouteRole;

/**
 * The one authenticator and authorizer every request passes before any protocol code runs.
 * It leaves the caller (and the repository, when the route names one) on the context.
 */
public final class AccessGuard {
    private static final String PRINCIPAL = "enseada.principal";
    private static final String REPOSITORY = "enseada.repository";

    private final Authenticator authenticator;
    private final Authorizer authorizer;
    private final RepositoryCatalog repositories;

    public AccessGuard(Authenticator authenticator, Authorizer authorizer, RepositoryCatalog repositories) {
        this.authenticator = authenticator;
        this.authorizer = authorizer;
        this.repositories = repositories;
    }

    public static Principal principal(Context ctx) {
        Principal principal = ctx.attribute(PRINCIPAL);
        return principal == null ? Principal.ANONYMOUS : principal;
    }

    public static RepositorySpec repository(Context ctx) {
        RepositorySpec repository = ctx.attribute(REPOSITORY);
        if (repository == null) {
            throw new IllegalStateException("route has no repository access rule");
        }
        return repository;
    }

    public Authorizer authorizer() {
        return authorizer;
    }

    /** Runs before every matched route. */
    public void check(Context ctx) {
        AccessRule rule = ruleOf(ctx);
        if (rule instanceof AccessRule.Open) {
            return;
        }
        Principal principal = authenticator.authenticate(ctx.header(Header.AUTHORIZATION));
        ctx.attribute(PRINCIPAL, principal);
        if (rule instanceof AccessRule.Admin && !authorizer.isAdmin(principal)) {
            throw denied(principal, "administrator rights required");
        }
        if (rule instanceof AccessRule.OnRepository on) {
            String name = on.repository().apply(ctx);
            RepositorySpec repository = repositories.find(name).orElse(null);
            if (repository == null) {
                // Anonymous callers learn nothing about which private names exist.
                if (principal.isAnonymous()) {
                    throw AccessDeniedException.authenticationRequired();
                }
                throw new RepositoryNotFoundException(name);
            }
            if (!authorizer.allows(principal, repository, on.action())) {
                throw denied(principal, on.action().name().toLowerCase() + " access to repository " + name + " denied");
            }
            ctx.attribute(REPOSITORY, repository);
        }
    }

    private static AccessDeniedException denied(Principal principal, String message) {
        return principal.isAnonymous() ? AccessDeniedException.authenticationRequired() : AccessDeniedException.forbidden(message);
    }

    private static AccessRule ruleOf(Context ctx) {
        for (RouteRole role : ctx.routeRoles()) {
            if (role instanceof AccessRule rule) {
                return rule;
            }
        }
        throw AccessDeniedException.forbidden("route declares no access rule");
    }
}
