package io.enseada.registry.identity;

import io.enseada.registry.errors.ValidationException;
import io.enseada.shared.model.Subject;
import java.util.regex.Pattern;

/** Account names: what fits after {@code user:} or {@code robot:} in a policy subject. */
final class Names {
    private static final Pattern ACCOUNT = Pattern.compile("^" + Subject.ACCOUNT_NAME + "$");

    private Names() {}

    static String account(String field, String name) {
        if (name == null || !ACCOUNT.matcher(name).matches()) {
            throw new ValidationException(
                    field,
                    field + " must be 1-128 letters, digits, '.', '_', '@' or '-', starting with a letter or digit");
        }
        return name;
    }
}
