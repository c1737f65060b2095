package io.enseada.registry.oci;

import java.util.regex.Pattern;

/** A tag, as the distribution spec allows it: up to 128 characters of {@code [a-zA-Z0-9_.-]}, not starting with {@code .} or {@code -}. */
public record Tag(String value) implements Reference {
    private static final Pattern GRAMMAR = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");

    public Tag {
        if (value == null || !GRAMMAR.matcher(value).matches()) {
            throw OciError.MANIFEST_INVALID.exception("invalid tag: " + value);
        }
    }

    public static boolean isValid(String value) {
        return value != null && GRAMMAR.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
