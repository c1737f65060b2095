package io.enseada.operator.repository;

import io.enseada.shared.model.RepositoryGraph;
import io.enseada.shared.model.RepositorySpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Whether a group's members are Repositories its Registry can serve through it: each exists (as a
 * Repository of the same Registry), has the group's format, and no groups form a cycle.
 */
final class GroupMembers {
    static final String INVALID_MEMBER = "InvalidMember";

    private GroupMembers() {}

    /**
     * @param group        the group's document
     * @param sameRegistry the Repositories of the group's Registry (the group among them or not);
     *                     those being deleted or whose spec is invalid count as absent
     */
    static Optional<String> problem(RepositorySpec group, Collection<Repository> sameRegistry) {
        if (group.group() == null) {
            return Optional.empty();
        }
        List<RepositorySpec> repositories = new ArrayList<>();
        for (Repository repository : sameRegistry) {
            if (repository.isMarkedForDeletion()) {
                continue;
            }
            try {
                RepositorySpec spec = RepositoryDocument.of(repository, null);
                if (!spec.name().equals(group.name())) {
                    repositories.add(spec);
                }
            } catch (IllegalArgumentException e) {
                // never written, so no member a group could search
            }
        }
        repositories.add(group);
        return new RepositoryGraph(repositories).problemOf(group);
    }
}
