package io.enseada.registry.identity;

import io.enseada.shared.model.Glob;
import io.enseada.shared.model.PolicyRule;
import java.util.List;

/**
 * Whether a token scope stays within another: every wanted rule grants no more than one held rule.
 * Decided on the globs' text, conservatively — a narrower scope that cannot be proven narrower is
 * refused, a wider one is never accepted.
 */
final class ScopeBounds {
    private ScopeBounds() {}

    static boolean within(List<PolicyRule> wanted, List<PolicyRule> held) {
        return wanted.stream().allMatch(rule -> held.stream().anyMatch(bound -> covers(bound, rule)));
    }

    private static boolean covers(PolicyRule bound, PolicyRule rule) {
        boolean actions = rule.actions().stream()
                .allMatch(action -> bound.actions().stream().anyMatch(held -> held.includes(action)));
        boolean repositories = rule.repositories().stream()
                .allMatch(glob -> bound.repositories().stream().anyMatch(held -> nameCovers(held, glob)));
        boolean paths = bound.paths().isEmpty()
                || (!rule.paths().isEmpty()
                        && rule.paths().stream()
                                .allMatch(glob -> bound.paths().stream().anyMatch(held -> pathCovers(held, glob))));
        return actions && repositories && paths;
    }

    /**
     * A name glob's {@code *} matches anything, so when the held glob matches the wanted glob's
     * text (its {@code *} read as a character), each wanted {@code *} falls inside a held one, which
     * matches whatever the wanted one does.
     */
    private static boolean nameCovers(String held, String wanted) {
        return Glob.name(held).matches(wanted);
    }

    /**
     * As for names, except that a wanted {@code **} (which crosses '/') is covered only by a held
     * glob that is a literal prefix followed by {@code **}, such as {@code apps/**}.
     */
    private static boolean pathCovers(String held, String wanted) {
        if (held.equals(wanted)) {
            return true;
        }
        if (held.endsWith("**")) {
            String prefix = held.substring(0, held.length() - 2);
            if (!prefix.contains("*") && wanted.startsWith(prefix)) {
                return true;
            }
        }
        return !wanted.contains("**") && Glob.path(held).matches(wanted);
    }
}
