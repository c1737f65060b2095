package io.enseada.registry.config;

/** A credential from configuration; it prints as a mask so that no log line or message can leak it. */
public record Secret(String value) {
    @Override
    public String toString() {
        return "****";
    }
}
