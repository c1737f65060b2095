package io.enseada.registry.errors;

import io.enseada.shared.model.Format;

/**
 * The repository a request names exists but holds another format than the route serves: for that
 * protocol it is not there. Each format words the answer its clients expect.
 */
public class WrongFormatException extends RuntimeException {
    private final String repository;
    private final Format expected;

    public WrongFormatException(String repository, Format expected) {
        super("repository " + repository + " is not a " + expected + " repository");
        this.repository = repository;
        this.expected = expected;
    }

    public String repository() {
        return repository;
    }

    public Format expected() {
        return expected;
    }
}
