package io.enseada.registry.access;

import io.enseada.shared.model.AccessAction;
import java.util.List;

/**
 * What a bearer JWT from the token endpoint allows: exactly its grants. Unlike every other
 * credential's bound, it can be renewed: a client refused for want of a grant asks the token
 * endpoint for a token with more.
 */
public record TokenGrants(List<BearerTokens.Grant> grants) implements Restriction {
    private static final String CATALOG_TYPE = "registry";
    private static final String CATALOG_NAME = "catalog";

    public TokenGrants {
        grants = List.copyOf(grants);
    }

    /** The grant of the catalog as the token endpoint writes it: {@code registry:catalog:*}. */
    public static BearerTokens.Grant catalogGrant() {
        return new BearerTokens.Grant(CATALOG_TYPE, CATALOG_NAME, List.of("*"));
    }

    public static boolean isCatalog(String type, String name) {
        return CATALOG_TYPE.equals(type) && CATALOG_NAME.equals(name);
    }

    /**
     * An image name's grant covers that name; a grant on any name in a repository also lets the
     * repository as a whole (path null) be seen.
     */
    @Override
    public boolean permits(String repository, String path, AccessAction action) {
        for (BearerTokens.Grant grant : grants) {
            if (!grant.type().equals(OciScopes.REPOSITORY) || !OciScopes.covers(grant.actions(), action)) {
                continue;
            }
            if (grant.name().equals(OciScopes.name(repository, path))
                    || (path == null && grant.name().startsWith(repository + "/") && action == AccessAction.READ)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the token may list the catalog ({@code registry:catalog:*}). */
    public boolean coversCatalog() {
        return grants.stream().anyMatch(grant -> isCatalog(grant.type(), grant.name()));
    }
}
