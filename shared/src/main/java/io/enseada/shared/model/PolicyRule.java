package io.enseada.shared.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * One rule of a policy: the actions it grants on the repositories whose names match one of
 * {@code repositories} (globs: {@code *} matches within a name, so {@code team-*} or {@code *}),
 * optionally only for images/packages whose path inside the repository matches one of
 * {@code paths} ({@code *} within a segment, {@code **} across segments). {@link Glob} matches both.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record PolicyRule(List<String> repositories, List<String> paths, List<AccessAction> actions) {
    public PolicyRule {
        repositories = repositories == null ? List.of() : List.copyOf(repositories);
        paths = paths == null ? List.of() : List.copyOf(paths);
        actions = actions == null ? List.of() : List.copyOf(actions);
        if (repositories.isEmpty()) {
            throw new IllegalArgumentException("rules[].repositories must name at least one repository glob");
        }
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("rules[].actions must name at least one of read, write, delete, admin");
        }
        repositories.forEach(glob -> Objects.requireNonNull(glob, "rules[].repositories has an empty entry"));
    }
}
