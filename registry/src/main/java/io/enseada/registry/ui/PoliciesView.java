package io.enseada.registry.ui;

import io.enseada.shared.model.PolicySpec;
import java.util.List;

/**
 * The policies, and the form that creates or replaces one.
 *
 * @param form what the form shows: empty, a policy to edit, or what was refused
 * @param error why the last change was refused, or null
 */
public record PoliciesView(List<PolicySpec> policies, Form form, String error) {

    /** The form's fields as the user types them: subjects comma-separated, rules one a line. */
    public record Form(String name, String subjects, String rules) {
        static final Form EMPTY = new Form("", "", "");
    }
}
