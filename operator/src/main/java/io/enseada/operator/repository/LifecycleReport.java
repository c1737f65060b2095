package io.enseada.operator.repository;

import io.enseada.shared.model.RepositoryLifecycle;

/** What one reconcile learnt of the registry's last storage lifecycle run for a repository. */
public sealed interface LifecycleReport {
    /** Not read this time (no Registry, its database unreachable): the status keeps what it showed. */
    record Unread() implements LifecycleReport {}

    /** No run has reached the repository yet. */
    record NoRun() implements LifecycleReport {}

    /** The document {@code lifecycle:<name>} the registry wrote after its last run. */
    record Run(RepositoryLifecycle lifecycle) implements LifecycleReport {}

    LifecycleReport UNREAD = new Unread();
    LifecycleReport NO_RUN = new NoRun();
}
