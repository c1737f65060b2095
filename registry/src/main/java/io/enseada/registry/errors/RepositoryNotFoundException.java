package io.enseada.registry.errors;

public class RepositoryNotFoundException extends RuntimeException {
    public RepositoryNotFoundException(String name) {
        super("repository " + name + " not found");
    }
}
