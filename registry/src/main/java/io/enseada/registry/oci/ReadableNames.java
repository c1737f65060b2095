package io.enseada.registry.oci;

import io.enseada.registry.access.Authorizer;
import io.enseada.registry.access.Principal;
import io.enseada.registry.repository.RepositoryCatalog;
import io.enseada.shared.model.AccessAction;
import io.enseada.shared.model.Format;
import io.enseada.shared.model.RepositorySpec;
import java.util.function.Predicate;

/**
 * The names a caller could pull from, path rules and the bounds of its token included: what the
 * catalog lists, what a blob may be mounted from and which members of a group a read goes to. Unlike the request's own name, these are any
 * names, so each is looked up in the catalog.
 */
final class ReadableNames {
    private final RepositoryCatalog repositories;
    private final Authorizer authorizer;

    ReadableNames(RepositoryCatalog repositories, Authorizer authorizer) {
        this.repositories = repositories;
        this.authorizer = authorizer;
    }

    Predicate<OciName> of(Principal caller) {
        return name -> repositories
                .find(name.repository())
                .filter(repository -> repository.format() == Format.OCI)
                .map(repository -> authorizer.allows(caller, repository, name.image(), AccessAction.READ))
                .orElse(false);
    }

    /** The members of {@code group} the caller may read {@code image} of, having been let read it through the group. */
    Predicate<RepositorySpec> members(Principal caller, RepositorySpec group, String image) {
        return member -> authorizer.allowsThrough(caller, group, member, image, AccessAction.READ);
    }
}
