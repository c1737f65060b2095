package io.enseada.registry.config;

import com.fasterxml.jackson.annotation.JsonCreator;

/** A credential from configuration; it prints as a mask so that no log line or message can leak it. */
public record Secret(String value) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Secret of(String value) {
        return new Secret(value);
    }

    @Override
    public String toString() {
        return "****";
    }
}
