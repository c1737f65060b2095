package io.enseada.registry.npm;

import io.enseada.registry.audit.Actor;
import io.enseada.registry.audit.AuditLog;
import io.enseada.shared.model.RepositorySpec;

/** The audit records of npm's changes, each naming its target as {@code npm:<repository>/<what>}. */
final class NpmAudit {
    private final AuditLog audit;

    NpmAudit(AuditLog audit) {
        this.audit = audit;
    }

    void changed(Actor caller, String action, RepositorySpec repository, String what) {
        audit.record(caller.principal(), action, "npm:" + repository.name() + "/" + what, caller.address(), "ok");
    }
}
