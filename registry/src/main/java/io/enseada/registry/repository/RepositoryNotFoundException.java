package io.enseada.registry.repository;

public class RepositoryNotFoundException extends RuntimeException {
    public RepositoryNotFoundException(String name) {
        super("repository " + name + " not found");
    }
}
