package io.enseada.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.registry.access.BcryptPasswordHasher;
import io.enseada.registry.config.ConfigException;
import io.enseada.registry.config.MetadataSettings;
import io.enseada.registry.config.RegistrySettings;
import io.enseada.registry.config.Setting;
import io.enseada.registry.identity.AdminBootstrap;
import io.enseada.shared.json.Json;
import io.enseada.shared.store.DocumentStore;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * {@code java -jar enseada-registry.jar reset-admin-password}: the way back in when the admin
 * password is lost. With the registry's own settings it opens the metadata store, sets the
 * password of {@code admin} to {@code ENSEADA_ADMIN_PASSWORD} (or a generated one, printed once),
 * enables the account and makes it an administrator. With CouchDB it can run beside running
 * replicas (they see the change through the changes feed); the embedded store allows one process
 * only, so the registry must be stopped first.
 */
final class AdminPasswordReset {
    static final String COMMAND = "reset-admin-password";

    private final RegistrySettings settings;

    AdminPasswordReset(RegistrySettings settings) {
        this.settings = settings;
    }

    void run(PrintStream console) {
        ObjectMapper json = Json.newMapper();
        SecureRandom random = new SecureRandom();
        DocumentStore store;
        try {
            store = Backends.documentStore(settings.metadata(), json);
        } catch (ConfigException e) {
            if (settings.metadata() instanceof MetadataSettings.Embedded) {
                throw new ConfigException(e.getMessage() + "; stop the registry that uses this data directory first");
            }
            throw e;
        }
        try (store) {
            Optional<String> generated = new AdminBootstrap(store, new BcryptPasswordHasher(random), json, random)
                    .reset(settings.adminPassword());
            if (generated.isPresent()) {
                console.println(
                        "enseada: user 'admin' has a new password. It is shown only this once: " + generated.get());
            } else {
                console.println(
                        "enseada: the password of user 'admin' is now the one in " + Setting.ADMIN_PASSWORD.env());
            }
            console.println("enseada: user 'admin' is enabled and an administrator");
        }
    }
}
