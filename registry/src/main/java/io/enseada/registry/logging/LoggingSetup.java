package io.enseada.registry.logging;

import io.enseada.registry.config.LoggingSettings;
import io.enseada.shared.logging.ConsoleLogging;
import java.util.Map;

/** Switches logging to the configured format and level once the settings are known. */
public final class LoggingSetup {
    // Jetty and Javalin are chatty at info; their warnings still show.
    private static final Map<String, String> QUIET = Map.of("org.eclipse.jetty", "warn", "io.javalin", "warn");

    private LoggingSetup() {}

    public static void apply(LoggingSettings settings) {
        ConsoleLogging.apply(settings.json(), settings.level(), QUIET);
    }
}
