package io.enseada.archfixture.repository;

import io.enseada.archfixture.http.Dispatcher;

/** Deliberately wrong, for ArchitectureRulesFailTest: closes a cycle with the http fixture. */
public class Catalog {
    public Dispatcher dispatcher() {
        return new Dispatcher();
    }
}
