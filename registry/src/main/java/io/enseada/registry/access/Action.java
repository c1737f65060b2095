package io.enseada.registry.access;

/** What a caller wants to do to a repository. */
public enum Action {
    READ, WRITE, DELETE, ADMIN
}
