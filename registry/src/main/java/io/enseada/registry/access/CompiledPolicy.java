package io.enseada.registry.access;

import io.enseada.shared.model.AccessAction;
import io.enseada.shared.model.PolicySpec;
import java.util.List;
import java.util.Set;

/** A policy ready for the hot path: its subjects as a set, its rules compiled. */
public record CompiledPolicy(PolicySpec spec, Set<String> subjects, List<CompiledRule> rules) {

    public static CompiledPolicy of(PolicySpec spec) {
        return new CompiledPolicy(
                spec,
                Set.copyOf(spec.subjects()),
                spec.rules().stream().map(CompiledRule::of).toList());
    }

    public boolean appliesTo(Set<String> callerSubjects) {
        for (String subject : callerSubjects) {
            if (subjects.contains(subject)) {
                return true;
            }
        }
        return false;
    }

    public boolean grants(String repository, String path, AccessAction action) {
        return rules.stream().anyMatch(rule -> rule.grants(repository, path, action));
    }
}
