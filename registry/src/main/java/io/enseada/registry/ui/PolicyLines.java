package io.enseada.registry.ui;

import io.enseada.registry.errors.ValidationException;
import io.enseada.shared.model.AccessAction;
import io.enseada.shared.model.PolicyRule;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A policy's rules as the policy form writes them, one a line: {@code repositories paths actions},
 * each a comma-separated list, the paths left out (or {@code -}) for every path:
 *
 * <pre>
 * team-*            read,write
 * containers  ci/** read,write,delete
 * </pre>
 */
public final class PolicyLines {
    static final String ANY_PATH = "-";

    private PolicyLines() {}

    static List<PolicyRule> parse(String text) {
        List<PolicyRule> rules = new ArrayList<>();
        int number = 0;
        for (String line : text.split("\\R")) {
            number++;
            String trimmed = line.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            String[] columns = trimmed.split("\\s+");
            if (columns.length < 2 || columns.length > 3) {
                throw new ValidationException(
                        "rules",
                        "rule line " + number + " must be \"repositories paths actions\" or \"repositories actions\","
                                + " e.g. \"team-* read,write\"");
            }
            List<String> paths =
                    columns.length == 3 && !columns[1].equals(ANY_PATH) ? Forms.items(columns[1], ",") : List.of();
            List<AccessAction> actions;
            try {
                actions = Forms.items(columns[columns.length - 1], ",").stream()
                        .map(AccessAction::fromWire)
                        .toList();
            } catch (IllegalArgumentException e) {
                throw new ValidationException("rules", "rule line " + number + ": " + e.getMessage());
            }
            try {
                rules.add(new PolicyRule(Forms.items(columns[0], ","), paths, actions));
            } catch (IllegalArgumentException e) {
                throw new ValidationException("rules", "rule line " + number + ": " + e.getMessage());
            }
        }
        return rules;
    }

    /** One rule as its line: what {@link #parse} reads back. */
    public static String format(PolicyRule rule) {
        return String.join(",", rule.repositories())
                + " " + (rule.paths().isEmpty() ? ANY_PATH : String.join(",", rule.paths()))
                + " " + rule.actions().stream().map(AccessAction::wireName).collect(Collectors.joining(","));
    }

    public static String format(List<PolicyRule> rules) {
        return rules.stream().map(PolicyLines::format).collect(Collectors.joining("\n"));
    }
}
