package io.enseada.registry.ui;

import io.enseada.registry.errors.ConflictException;
import io.enseada.registry.errors.NotFoundException;
import io.enseada.registry.errors.ValidationException;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Reads the fields of the administrator pages' forms, and tells a refusal the page shows from a fault. */
final class Forms {
    private Forms() {}

    /** A field's value, trimmed; empty when absent. */
    static String text(Context ctx, String field) {
        String value = ctx.formParam(field);
        return value == null ? "" : value.trim();
    }

    /** A checkbox: present when ticked. */
    static boolean checked(Context ctx, String field) {
        return ctx.formParam(field) != null;
    }

    /** A comma-separated field as its non-blank items: {@code "dev, ops"}. */
    static List<String> list(Context ctx, String field) {
        return items(text(ctx, field), ",");
    }

    static List<String> items(String text, String separator) {
        return Arrays.stream(text.split(separator))
                .map(String::trim)
                .filter(item -> !item.isEmpty())
                .toList();
    }

    /**
     * The status and message a page shows again with its form when a service refused the change
     * (a field the user can fix, a name taken, a record gone meanwhile); empty for anything else,
     * which the error page answers.
     */
    static Optional<Refusal> refusal(RuntimeException e) {
        if (e instanceof ValidationException || e instanceof IllegalArgumentException) {
            return Optional.of(new Refusal(400, e.getMessage()));
        }
        if (e instanceof ConflictException) {
            return Optional.of(new Refusal(409, e.getMessage()));
        }
        if (e instanceof NotFoundException) {
            return Optional.of(new Refusal(404, e.getMessage()));
        }
        return Optional.empty();
    }

    record Refusal(int status, String message) {}
}
