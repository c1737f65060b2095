package io.enseada.registry.access;

import io.javalin.http.Context;
import io.javalin.security.RouteRole;

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
    /** Administrators only. */
    AccessRule ADMIN = new Admin();

    /** {@code action} on the repository that {@code repository} reads from the request. */
    static AccessRule on(Action action, Function<Context, String> repository) {
        return new OnRepository(action, repository);
    }

    /** {@code action} on the repository named by path parameter {@code param}. */
    static AccessRule on(Action action, String param) {
        return new OnRepository(action, ctx -> ctx.pathParam(param));
    }

    record Open() implements AccessRule {
    }

    record Anyone() implements AccessRule {
    }

    record Admin() implements AccessRule {
    }

    record OnRepository(Action action, Function<Context, String> repository) implements AccessRule {
    }
}
