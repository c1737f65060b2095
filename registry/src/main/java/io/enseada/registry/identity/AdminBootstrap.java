package io.enseada.registry.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.access.PasswordHasher;
import io.enseada.registry.config.ConfigException;
import io.enseada.registry.config.Secret;
import io.enseada.registry.config.Setting;
import io.enseada.shared.model.DocumentIds;
import io.enseada.shared.model.UserRecord;
import io.enseada.shared.store.DocumentConflictException;
import io.enseada.shared.store.DocumentStore;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bootstrap user {@code admin}. At start it is created when missing — with the configured
 * password, or a generated one returned so the caller can show it exactly once — and otherwise
 * left exactly as it is: a password changed or an account disabled through the API stays so
 * across restarts, whatever {@code ENSEADA_ADMIN_PASSWORD} says. {@link #reset} is the way back
 * in when the password is lost.
 */
public final class AdminBootstrap {
    public static final String ADMIN = "admin";
    private static final Logger LOG = LoggerFactory.getLogger(AdminBootstrap.class);

    private final DocumentStore store;
    private final PasswordHasher hasher;
    private final ObjectMapper json;
    private final SecureRandom random;

    public AdminBootstrap(DocumentStore store, PasswordHasher hasher, ObjectMapper json, SecureRandom random) {
        this.store = store;
        this.hasher = hasher;
        this.json = json;
        this.random = random;
    }

    /** @return the generated password when one was generated now, empty otherwise */
    public Optional<String> ensureAdmin(Secret configuredPassword) {
        String id = DocumentIds.user(ADMIN);
        if (store.get(id).isPresent()) {
            if (configuredPassword != null) {
                LOG.info(
                        "user admin exists: {} only sets the password of a new admin and is not applied",
                        Setting.ADMIN_PASSWORD.env());
            }
            return Optional.empty();
        }
        Optional<String> generated = configuredPassword == null ? Optional.of(generate()) : Optional.empty();
        String password = generated.orElseGet(() -> valid(configuredPassword));
        UserRecord admin = new UserRecord(ADMIN, hasher.hash(password), true, false, List.of(), Accounts.newUid());
        try {
            store.put(id, null, (ObjectNode) json.valueToTree(admin));
            return generated;
        } catch (DocumentConflictException e) {
            return Optional.empty(); // another replica created it first; its password stands
        }
    }

    /**
     * Recovery: gives {@code admin} the password (or a generated one, returned), enables it and
     * makes it an administrator again, creating it when missing. Its groups and tokens stay;
     * bearer JWTs issued for the old password stop working, as on any password change.
     *
     * @return the generated password when none was given
     */
    public Optional<String> reset(Secret password) {
        Optional<String> generated = password == null ? Optional.of(generate()) : Optional.empty();
        String hash = hasher.hash(generated.orElseGet(() -> valid(password)));
        store.update(DocumentIds.user(ADMIN), current -> {
            UserRecord existing = current == null ? null : json.convertValue(current, UserRecord.class);
            return json.valueToTree(new UserRecord(
                    ADMIN,
                    hash,
                    true,
                    false,
                    existing == null ? List.of() : existing.groups(),
                    existing == null ? Accounts.newUid() : existing.uid()));
        });
        return generated;
    }

    private String generate() {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String valid(Secret password) {
        if (!PasswordHasher.fits(password.value())) {
            throw new ConfigException(
                    Setting.ADMIN_PASSWORD,
                    "must have at most " + PasswordHasher.MAX_PASSWORD_BYTES
                            + " bytes in UTF-8 (bcrypt would ignore the rest)");
        }
        return password.value();
    }
}
