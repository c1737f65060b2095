package io.enseada.registry.oci;

import io.enseada.registry.access.AccessGuard;
import io.enseada.registry.access.AccessRule;
import io.enseada.registry.access.Authorizer;
import io.enseada.registry.access.BearerTokens;
import io.enseada.registry.access.OciScopes;
import io.enseada.registry.access.Principal;
import io.enseada.registry.access.Restriction;
import io.enseada.registry.access.TokenGrants;
import io.enseada.registry.http.ProtocolRoutes;
import io.enseada.registry.http.PublicUrl;
import io.enseada.registry.repository.RepositoryCatalog;
import io.enseada.shared.model.Format;
import io.enseada.shared.model.RepositorySpec;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Docker token endpoint ({@code /auth/token}): a client that met a Bearer challenge on
 * {@code /v2/} asks here, with Basic credentials or none, for a short-lived JWT carrying only the
 * actions the policies grant for the scopes it requested. What it may not have is left out of the
 * token, not refused, as the token specification says.
 */
public final class TokenEndpoint {
    public static final String PATH = "/auth/token";

    private final BearerTokens bearerTokens;
    private final RepositoryCatalog repositories;
    private final Authorizer authorizer;
    private final PublicUrl publicUrl;

    public TokenEndpoint(
            BearerTokens bearerTokens, RepositoryCatalog repositories, Authorizer authorizer, PublicUrl publicUrl) {
        this.bearerTokens = bearerTokens;
        this.repositories = repositories;
        this.authorizer = authorizer;
        this.publicUrl = publicUrl;
    }

    public void register(RoutesConfig routes) {
        new ProtocolRoutes(routes, OciErrors.TOKEN_ENDPOINT)
                .get(PATH, ctx -> issue(ctx, ctx.queryParams("scope")), AccessRule.ANYONE);
    }

    private void issue(Context ctx, List<String> scopes) {
        Principal caller = AccessGuard.principal(ctx);
        List<BearerTokens.Grant> grants = new ArrayList<>();
        for (String scope : scopes) {
            for (String single : scope.split(" ")) {
                grant(caller, single).ifPresent(grants::add);
            }
        }
        String service = ctx.queryParam("service") != null ? ctx.queryParam("service") : publicUrl.host(ctx);
        BearerTokens.Issued issued = bearerTokens.issue(caller, service, grants);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", issued.token());
        body.put("access_token", issued.token());
        body.put("expires_in", issued.expiresIn().toSeconds());
        body.put("issued_at", issued.issuedAt().toString());
        ctx.header("Cache-Control", "no-store").json(body);
    }

    /** {@code repository:<name>:<actions>} or {@code registry:catalog:*}; anything else grants nothing. */
    private Optional<BearerTokens.Grant> grant(Principal caller, String scope) {
        int first = scope.indexOf(':');
        int last = scope.lastIndexOf(':');
        if (first <= 0 || last <= first) {
            return Optional.empty();
        }
        String type = scope.substring(0, first);
        String name = scope.substring(first + 1, last);
        List<String> actions = Arrays.stream(scope.substring(last + 1).split(","))
                .map(String::trim)
                .toList();
        if (TokenGrants.isCatalog(type, name)) {
            // The token lists what its subject may read; a scoped token's bound would be lost in it,
            // so a scoped token lists the catalog with Basic credentials instead.
            return caller.restriction() == Restriction.NONE
                    ? Optional.of(TokenGrants.catalogGrant())
                    : Optional.empty();
        }
        if (!type.equals(OciScopes.REPOSITORY)) {
            return Optional.empty();
        }
        int slash = name.indexOf('/');
        String repositoryName = slash < 0 ? name : name.substring(0, slash);
        String path = slash < 0 ? null : name.substring(slash + 1);
        Optional<RepositorySpec> repository = repositories.find(repositoryName).filter(r -> r.format() == Format.OCI);
        if (repository.isEmpty()) {
            return Optional.empty();
        }
        List<String> granted = OciScopes.grantable(actions, authorizer.granted(caller, repository.get(), path));
        return granted.isEmpty() ? Optional.empty() : Optional.of(new BearerTokens.Grant(type, name, granted));
    }
}
