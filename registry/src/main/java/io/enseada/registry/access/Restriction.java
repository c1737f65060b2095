package io.enseada.registry.access;

import io.enseada.shared.model.AccessAction;
import java.util.List;

/** An upper bound on what a caller may do, set by a scoped token or a bearer JWT. */
@FunctionalInterface
public interface Restriction {
    Restriction NONE = (repository, path, action) -> true;

    boolean permits(String repository, String path, AccessAction action);

    /** A token scope: what any of its rules grants. An empty scope restricts nothing. */
    static Restriction scope(List<CompiledRule> rules) {
        if (rules.isEmpty()) {
            return NONE;
        }
        return (repository, path, action) -> rules.stream().anyMatch(rule -> rule.grants(repository, path, action));
    }
}
