package io.enseada.registry.access;

import io.enseada.shared.model.AccessAction;
import io.enseada.shared.model.Glob;
import io.enseada.shared.model.PolicyRule;
import java.util.List;

/** A policy rule with its globs compiled once, when the policy is loaded, not per request. */
public record CompiledRule(List<Glob> repositories, List<Glob> paths, List<AccessAction> actions) {

    public static CompiledRule of(PolicyRule rule) {
        return new CompiledRule(
                rule.repositories().stream().map(Glob::name).toList(),
                rule.paths().stream().map(Glob::path).toList(),
                rule.actions());
    }

    /**
     * @param path the image or package inside the repository, or null for an operation on the
     *             repository as a whole; a rule limited to some paths grants only reading (seeing)
     *             the repository as a whole
     */
    public boolean grants(String repository, String path, AccessAction action) {
        if (actions.stream().noneMatch(held -> held.includes(action))) {
            return false;
        }
        if (repositories.stream().noneMatch(glob -> glob.matches(repository))) {
            return false;
        }
        if (paths.isEmpty()) {
            return true;
        }
        if (path == null) {
            return action == AccessAction.READ;
        }
        return paths.stream().anyMatch(glob -> glob.matches(path));
    }
}
