package io.enseada.registry.errors;

import io.enseada.shared.model.RepositoryKind;

/**
 * A write to a repository that only reads: a proxy holds what its upstream has, a group what its
 * members have. Each protocol answers it the way its clients expect a read-only registry to (OCI's
 * {@code UNSUPPORTED}, as distribution's pull-through cache does; 405 for npm and Maven).
 */
public class ReadOnlyRepositoryException extends RuntimeException {
    private final String repository;

    public ReadOnlyRepositoryException(String repository, RepositoryKind kind) {
        super("repository " + repository + " is a " + kind.wireName() + " repository and accepts no "
                + "pushes, deploys, publishes or deletes; write to a hosted repository");
        this.repository = repository;
    }

    public String repository() {
        return repository;
    }
}
