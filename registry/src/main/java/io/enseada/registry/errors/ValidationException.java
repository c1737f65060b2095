package io.enseada.registry.errors;

/** A request body or parameter is not acceptable; the field is named for the caller. */
public class ValidationException extends RuntimeException {
    private final String field;

    public ValidationException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
