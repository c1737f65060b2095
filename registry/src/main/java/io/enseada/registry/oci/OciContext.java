package io.enseada.registry.oci;

import io.enseada.registry.access.AccessGuard;
import io.enseada.registry.access.Principal;
import io.enseada.registry.audit.Actor;
import io.enseada.registry.http.ClientAddress;
import io.enseada.shared.model.RepositorySpec;
import io.javalin.http.Context;

/** What every route below {@code /v2/} reads off its request once the access guard let it through. */
final class OciContext {
    private OciContext() {}

    /** The repository the guard found for the request's name: every route below {@code /v2/} has a repository rule. */
    static RepositorySpec repository(Context ctx) {
        return AccessGuard.repository(ctx);
    }

    static Principal principal(Context ctx) {
        return AccessGuard.principal(ctx);
    }

    static Actor actor(Context ctx) {
        return new Actor(AccessGuard.principal(ctx), ClientAddress.of(ctx));
    }
}
