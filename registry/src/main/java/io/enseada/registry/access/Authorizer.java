package io.enseada.registry.access;

import io.enseada.shared.model.RepositorySpec;

/**
 * Decides whether a principal may act on a repository. For now the rule is: admins may do
 * everything, and anyone may read a public repository; everything else is refused.
 */
public final class Authorizer {

    public boolean allows(Principal principal, RepositorySpec repository, Action action) {
        if (principal.admin()) {
            return true;
        }
        return action == Action.READ && repository.isPublic();
    }

    public boolean isAdmin(Principal principal) {
        return principal.admin();
    }
}
