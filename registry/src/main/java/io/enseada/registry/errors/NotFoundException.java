package io.enseada.registry.errors;

/** A user, robot, token or policy of that name does not exist (or is not the caller's to see). */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
