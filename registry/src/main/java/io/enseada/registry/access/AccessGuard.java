package io.enseada.registry.access;

import io.enseada.registry.errors.AccessDeniedException;
import io.enseada.registry.errors.ReadOnlyRepositoryException;
import io.enseada.registry.errors.RepositoryNotFoundException;
import io.enseada.registry.errors.WrongFormatException;
import io.enseada.registry.http.AccessLog;
import io.enseada.registry.http.ClientAddress;
import io.enseada.shared.model.AccessAction;
import io.enseada.shared.model.RepositorySpec;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.security.RouteRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The one authenticator and authorizer every request passes before any protocol code runs.
 * It leaves the caller (and the repository, when the route names one) on the context.
 */
public final class AccessGuard {
    /** Request attributes the handlers read back. */
    public static final String PRINCIPAL = "enseada.principal";

    public static final String REPOSITORY = "enseada.repository";

    /**
     * The user of the request's browser session, when the web UI found a valid one: the guard
     * takes it as the caller when the request carries no {@code Authorization} header.
     */
    public static final String SESSION_PRINCIPAL = "enseada.session.principal";

    private final Authenticator authenticator;
    private final Authorizer authorizer;
    private final Repositories repositories;

    /** Finds a repository by name: the guard's one question to the repository catalog, which sits above it. */
    @FunctionalInterface
    public interface Repositories {
        Optional<RepositorySpec> find(String name);
    }

    public AccessGuard(Authenticator authenticator, Authorizer authorizer, Repositories repositories) {
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

    /** Runs before every matched route. */
    public void check(Context ctx) {
        AccessRule rule = ruleOf(ctx);
        if (rule instanceof AccessRule.Open) {
            return;
        }
        String authorization = ctx.header(Header.AUTHORIZATION);
        Principal session = ctx.attribute(SESSION_PRINCIPAL);
        Principal principal = authorization == null && session != null
                ? session
                : authenticator.authenticate(authorization, ClientAddress.of(ctx));
        ctx.attribute(PRINCIPAL, principal);
        ctx.attribute(AccessLog.SUBJECT, principal.subject());
        if (rule instanceof AccessRule.Admin && !authorizer.isAdmin(principal)) {
            throw denied(principal, "administrator rights required", List.of());
        }
        if (rule instanceof AccessRule.Authenticated && principal.isAnonymous()) {
            throw AccessDeniedException.authenticationRequired();
        }
        if (rule instanceof AccessRule.OnRepository on) {
            checkRepository(ctx, principal, on);
        }
    }

    private void checkRepository(Context ctx, Principal principal, AccessRule.OnRepository on) {
        String name = on.repository().apply(ctx);
        String path = on.path().apply(ctx);
        List<AccessDeniedException.Target> targets = new ArrayList<>();
        targets.add(new AccessDeniedException.Target(name, path, on.action()));
        targets.addAll(on.related().apply(ctx));
        RepositorySpec repository = repositories.find(name).orElse(null);
        if (repository == null) {
            // Anonymous callers learn nothing about which private names exist.
            if (principal.isAnonymous()) {
                throw AccessDeniedException.authenticationRequired(targets);
            }
            throw new RepositoryNotFoundException(name);
        }
        // Set before the decision, so that a refusal names its repository in the access log too.
        ctx.attribute(REPOSITORY, repository);
        ctx.attribute(AccessLog.REPOSITORY, repository.name());
        if (!authorizer.allows(principal, repository, path, on.action())) {
            throw denied(principal, describe(on.action(), name, path) + " denied", targets);
        }
        if (on.format() != null && repository.format() != on.format()) {
            throw new WrongFormatException(name, on.format());
        }
        // a format's writes; the management API's own repository routes (a cache purge) are not pushes
        if (on.format() != null && on.action() != AccessAction.READ && !repository.acceptsWrites()) {
            throw new ReadOnlyRepositoryException(name, repository.kind());
        }
    }

    private static String describe(AccessAction action, String repository, String path) {
        return action.name().toLowerCase(Locale.ROOT) + " access to "
                + (path == null ? repository : repository + "/" + path);
    }

    /**
     * The refusal a caller gets: a holder of a bearer token from the token endpoint may get a token
     * with more grants, an anonymous caller may authenticate, anyone else is refused for good.
     */
    public static AccessDeniedException denied(
            Principal principal, String message, List<AccessDeniedException.Target> targets) {
        if (principal.holdsRenewableToken()) {
            return AccessDeniedException.insufficientScope(message, targets);
        }
        return principal.isAnonymous()
                ? AccessDeniedException.authenticationRequired(targets)
                : AccessDeniedException.forbidden(message, targets);
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
