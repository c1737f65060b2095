package io.enseada.registry;

import io.enseada.registry.config.ConfigException;
import io.enseada.registry.config.RegistrySettings;
import io.enseada.registry.config.SettingsLoader;
import io.enseada.registry.logging.LoggingSetup;

/**
 * Starts the registry from the environment; a configuration problem is one line and exit code 2.
 * With the argument {@code reset-admin-password} it instead resets the bootstrap admin's password
 * in the configured metadata store and exits (see {@link AdminPasswordReset}).
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (args.length > 0) {
            System.exit(command(args));
            return;
        }
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

    private static int command(String[] args) {
        if (args.length != 1 || !args[0].equals(AdminPasswordReset.COMMAND)) {
            System.err.println("enseada: unknown command '" + String.join(" ", args)
                    + "'; usage: java -jar enseada-registry.jar [" + AdminPasswordReset.COMMAND + "]");
            return 2;
        }
        try {
            RegistrySettings settings = new SettingsLoader(System.getenv()).load();
            LoggingSetup.apply(settings.logging());
            new AdminPasswordReset(settings).run(System.out);
            return 0;
        } catch (ConfigException e) {
            System.err.println("enseada: configuration error: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            System.err.println("enseada: " + AdminPasswordReset.COMMAND + " failed: " + e.getMessage());
            return 1;
        }
    }
}
