package io.enseada.registry.access;

import io.enseada.registry.errors.AccessDeniedException;
import io.enseada.shared.model.AccessAction;
import io.enseada.shared.model.Format;
import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import java.util.List;
import java.util.function.Function;

/**
 * The access rule every route declares when it is registered; {@link AccessGuard} enforces it
 * before the route's handler runs. A route without a rule is refused.
 */
public sealed interface AccessRule extends RouteRole {

    /** No authentication at all: health and metrics. */
    AccessRule OPEN = new Open();
    /** Any caller, anonymous included, once its credentials (if any) check out; the handler filters. */
    AccessRule ANYONE = new Anyone();
    /** Any caller with valid credentials. */
    AccessRule AUTHENTICATED = new Authenticated();
    /** Administrators only. */
    AccessRule ADMIN = new Admin();

    /** {@code action} on the repository that {@code repository} reads from the request, of any format. */
    static AccessRule on(AccessAction action, Function<Context, String> repository) {
        return new OnRepository(null, action, repository, ctx -> null, ctx -> List.of());
    }

    /** {@code action} on the repository of any format named by path parameter {@code param}. */
    static AccessRule on(AccessAction action, String param) {
        return on(action, ctx -> ctx.pathParam(param));
    }

    /**
     * {@code action} on a repository of {@code format} that {@code repository} reads from the
     * request, for a route of that format: a repository of another format is not found.
     */
    static AccessRule on(Format format, AccessAction action, Function<Context, String> repository) {
        return on(format, action, repository, ctx -> null);
    }

    /**
     * {@code action} on an image or package inside a repository of {@code format}, so that
     * path-limited policy rules apply; {@code path} may return null for the repository as a whole.
     */
    static AccessRule on(
            Format format, AccessAction action, Function<Context, String> repository, Function<Context, String> path) {
        return new OnRepository(format, action, repository, path, ctx -> List.of());
    }

    /**
     * As {@link #on(Format, AccessAction, Function, Function)}, for a request that needs more than its own
     * repository, such as the source of a cross-repository mount: {@code related} names those
     * further targets, so that a refusal's challenge asks for all of them at once. The guard checks
     * only the first; the handler checks the rest.
     */
    static AccessRule on(
            Format format,
            AccessAction action,
            Function<Context, String> repository,
            Function<Context, String> path,
            Function<Context, List<AccessDeniedException.Target>> related) {
        return new OnRepository(format, action, repository, path, related);
    }

    record Open() implements AccessRule {}

    record Anyone() implements AccessRule {}

    record Authenticated() implements AccessRule {}

    record Admin() implements AccessRule {}

    /** @param format the format the route serves, or null for a route that serves every format (the API) */
    record OnRepository(
            Format format,
            AccessAction action,
            Function<Context, String> repository,
            Function<Context, String> path,
            Function<Context, List<AccessDeniedException.Target>> related)
            implements AccessRule {}
}
