package io.enseada.registry;

import io.enseada.registry.config.ConfigException;
import io.enseada.registry.config.RegistrySettings;
import io.enseada.registry.config.SettingsLoader;
import io.enseada.registry.logging.LoggingSetup;

/** Starts the registry from the environment; a configuration problem is one line and exit code 2. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        RegistryServer server;
        try {
            RegistrySettings settings = new SettingsLoader(System.getenv()).load();
            LoggingSetup.apply(settings.logging());
            server = RegistryServer.start(settings, System.out);
        } catch (ConfigException e) {
            System.err.println("enseada: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "enseada-shutdown"));
    }
}
