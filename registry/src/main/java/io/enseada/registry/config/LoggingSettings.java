package io.enseada.registry.config;

/**
 * @param json      structured JSON lines instead of text
 * @param accessLog one line per request on the logger {@code enseada.access}
 */
public record LoggingSettings(boolean json, String level, boolean accessLog) {}
