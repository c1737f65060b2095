package io.enseada.archfixture.http;

import io.enseada.archfixture.repository.Catalog;

/** Deliberately wrong, for ArchitectureRulesFailTest: the web layer reaching up into the repository layer. */
public class Dispatcher {
    public Catalog catalog() {
        return new Catalog();
    }
}
