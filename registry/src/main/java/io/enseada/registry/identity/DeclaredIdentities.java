package io.enseada.registry.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.registry.access.PasswordHasher;
import io.enseada.registry.config.ConfigException;
import io.enseada.registry.config.DeclaredRobot;
import io.enseada.registry.config.DeclaredUser;
import io.enseada.registry.errors.ValidationException;
import io.enseada.shared.model.DocumentIds;
import io.enseada.shared.model.PolicySpec;
import io.enseada.shared.model.RobotRecord;
import io.enseada.shared.model.UserRecord;
import io.enseada.shared.store.DocumentStore;
import java.util.List;

/**
 * Applies the users, robots and policies of the YAML file at start, so that an install without
 * Kubernetes is declarative too. Declared entries are created or brought back to what the file
 * says; entries the file does not mention are left alone.
 */
public final class DeclaredIdentities {
    private final DocumentStore store;
    private final PasswordHasher hasher;
    private final ObjectMapper json;

    public DeclaredIdentities(DocumentStore store, PasswordHasher hasher, ObjectMapper json) {
        this.store = store;
        this.hasher = hasher;
        this.json = json;
    }

    public void apply(List<DeclaredUser> users, List<DeclaredRobot> robots, List<PolicySpec> policies) {
        for (int i = 0; i < users.size(); i++) {
            apply(i, users.get(i));
        }
        for (DeclaredRobot robot : robots) {
            Names.account("robots[].name", robot.name());
            store.update(
                    DocumentIds.robot(robot.name()),
                    current -> json.valueToTree(new RobotRecord(
                            robot.name(),
                            robot.description(),
                            robot.disabled(),
                            current == null
                                    ? Accounts.newUid()
                                    : current.path("uid").asText(null))));
        }
        for (PolicySpec policy : policies) {
            store.update(policy.documentId(), current -> json.valueToTree(policy));
        }
    }

    private void apply(int index, DeclaredUser declared) {
        try {
            Names.account("name", declared.name());
        } catch (ValidationException e) {
            throw new ConfigException("users[" + index + "]: " + e.getMessage());
        }
        if ((declared.password() == null) == (declared.passwordHash() == null)) {
            throw new ConfigException("users[" + index + "]: give exactly one of password or passwordHash");
        }
        if (declared.password() != null
                && !PasswordHasher.fits(declared.password().value())) {
            throw new ConfigException("users[" + index + "]: password must have at most "
                    + PasswordHasher.MAX_PASSWORD_BYTES + " bytes in UTF-8 (bcrypt would ignore the rest)");
        }
        store.update(DocumentIds.user(declared.name()), current -> {
            UserRecord existing = current == null ? null : json.convertValue(current, UserRecord.class);
            String hash;
            if (declared.passwordHash() != null) {
                hash = declared.passwordHash();
            } else if (existing != null && hasher.matches(declared.password().value(), existing.passwordHash())) {
                hash = existing.passwordHash(); // unchanged password: keep the hash, write nothing
            } else {
                hash = hasher.hash(declared.password().value());
            }
            return json.valueToTree(new UserRecord(
                    declared.name(),
                    hash,
                    declared.admin(),
                    declared.disabled(),
                    declared.groups(),
                    existing == null ? Accounts.newUid() : existing.uid()));
        });
    }
}
