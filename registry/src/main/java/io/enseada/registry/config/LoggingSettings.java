package io.enseada.registry.config;

/** @param json structured JSON lines instead of text */
public record LoggingSettings(boolean json, String level) {
}
