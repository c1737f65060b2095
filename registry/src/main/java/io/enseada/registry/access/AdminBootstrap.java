package io.enseada.registry.access;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.config.Secret;
import io.enseada.shared.model.DocumentIds;
import io.enseada.shared.model.UserRecord;
import io.enseada.shared.store.DocumentConflictException;
import io.enseada.shared.store.DocumentStore;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Makes sure the bootstrap user {@code admin} exists. A configured password is applied (and
 * re-applied when it changes); without one, a random password is generated once, stored hashed and
 * returned so that the caller can show it exactly once.
 */
public final class AdminBootstrap {
    public static final String ADMIN = "admin";

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
        if (configuredPassword != null) {
            String password = configuredPassword.value();
            store.update(id, current -> {
                UserRecord existing = current == null ? null : json.convertValue(current, UserRecord.class);
                if (existing != null && existing.admin() && !existing.disabled() && hasher.matches(password, existing.passwordHash())) {
                    return current;
                }
                return json.valueToTree(admin(hasher.hash(password)));
            });
            return Optional.empty();
        }
        if (store.get(id).isPresent()) {
            return Optional.empty();
        }
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        try {
            store.put(id, null, (ObjectNode) json.valueToTree(admin(hasher.hash(generated))));
            return Optional.of(generated);
        } catch (DocumentConflictException e) {
            return Optional.empty(); // another replica created it first; its password stands
        }
    }

    private static UserRecord admin(String hash) {
        return new UserRecord(ADMIN, hash, true, false, List.of());
    }
}
