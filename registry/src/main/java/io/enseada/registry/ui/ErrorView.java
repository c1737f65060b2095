package io.enseada.registry.ui;

/** An error page: a heading for the kind of error, and the registry's message. */
public record ErrorView(String heading, String message) {}
