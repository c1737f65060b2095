package io.enseada.registry.errors;

/** The request clashes with what exists (a name taken, a resource managed elsewhere). */
public class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }
}
