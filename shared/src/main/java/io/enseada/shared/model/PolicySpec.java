package io.enseada.shared.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * An access policy, as the registry stores it and as the {@code AccessPolicy} custom resource's
 * spec and the YAML configuration's {@code policies:} declare it. The effective right of a caller
 * is the union of every policy that names one of its subjects.
 */
public record PolicySpec(String name, List<String> subjects, List<PolicyRule> rules) {
    public static final String NAME_PATTERN = "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$";

    public PolicySpec {
        if (name == null || !name.matches(NAME_PATTERN) || name.length() > 253) {
            throw new IllegalArgumentException(
                    "policy name '" + name + "' must be lowercase letters, digits, '-' or '.'");
        }
        subjects = subjects == null ? List.of() : List.copyOf(subjects);
        rules = rules == null ? List.of() : List.copyOf(rules);
        if (subjects.isEmpty()) {
            throw new IllegalArgumentException("policy " + name + ": subjects must not be empty");
        }
        for (String subject : subjects) {
            if (!Subject.isValid(subject)) {
                throw new IllegalArgumentException("policy " + name + ": subject '" + subject
                        + "' is not user:<name>, group:<name>, robot:<name>, anonymous or authenticated");
            }
        }
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("policy " + name + ": rules must not be empty");
        }
    }

    @JsonIgnore
    public String documentId() {
        return DocumentIds.policy(name);
    }
}
