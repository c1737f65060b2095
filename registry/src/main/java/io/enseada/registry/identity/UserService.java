package io.enseada.registry.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.access.PasswordHasher;
import io.enseada.registry.errors.ConflictException;
import io.enseada.registry.errors.NotFoundException;
import io.enseada.registry.errors.ValidationException;
import io.enseada.registry.metadata.DocumentView;
import io.enseada.shared.model.DocumentIds;
import io.enseada.shared.model.Subject;
import io.enseada.shared.model.UserRecord;
import io.enseada.shared.store.DocumentConflictException;
import io.enseada.shared.store.DocumentStore;
import java.util.List;
import java.util.Optional;

/** Human accounts: created, changed and removed by administrators (and the YAML configuration). */
public final class UserService {
    static final int MIN_PASSWORD_LENGTH = 8;

    private final DocumentStore store;
    private final DocumentView<UserRecord> users;
    private final TokenService tokens;
    private final PasswordHasher hasher;
    private final ObjectMapper json;

    public UserService(
            DocumentStore store,
            DocumentView<UserRecord> users,
            TokenService tokens,
            PasswordHasher hasher,
            ObjectMapper json) {
        this.store = store;
        this.users = users;
        this.tokens = tokens;
        this.hasher = hasher;
        this.json = json;
    }

    /** What the API shows of a user: never the hash. */
    public record UserView(String name, boolean admin, boolean disabled, List<String> groups) {
        static UserView of(UserRecord user) {
            return new UserView(user.name(), user.admin(), user.disabled(), user.groups());
        }
    }

    /** A create or a partial update; absent fields keep their value. */
    public record UserRequest(String name, String password, Boolean admin, Boolean disabled, List<String> groups) {}

    public List<UserView> list() {
        return users.all().stream().map(UserView::of).toList();
    }

    public Optional<UserView> get(String name) {
        return users.get(DocumentIds.user(name)).map(UserView::of);
    }

    public UserView create(UserRequest request) {
        String name = Names.account("name", request.name());
        UserRecord user = new UserRecord(
                name,
                hasher.hash(password(request.password(), true)),
                Boolean.TRUE.equals(request.admin()),
                Boolean.TRUE.equals(request.disabled()),
                groups(request.groups()),
                Accounts.newUid());
        try {
            store.put(DocumentIds.user(name), null, (ObjectNode) json.valueToTree(user));
        } catch (DocumentConflictException e) {
            throw new ConflictException("user " + name + " already exists");
        }
        users.refresh(DocumentIds.user(name));
        return UserView.of(user);
    }

    public UserView update(String name, UserRequest request) {
        String newHash = request.password() == null ? null : hasher.hash(password(request.password(), false));
        List<String> groups = request.groups() == null ? null : groups(request.groups());
        String id = DocumentIds.user(name);
        store.update(id, current -> {
                    if (current == null) {
                        return null;
                    }
                    UserRecord user = json.convertValue(current, UserRecord.class);
                    return json.valueToTree(new UserRecord(
                            user.name(),
                            newHash == null ? user.passwordHash() : newHash,
                            request.admin() == null ? user.admin() : request.admin(),
                            request.disabled() == null ? user.disabled() : request.disabled(),
                            groups == null ? user.groups() : groups,
                            user.uid()));
                })
                .orElseThrow(() -> new NotFoundException("user " + name + " not found"));
        users.refresh(id);
        return get(name).orElseThrow();
    }

    /**
     * Revokes the user's tokens, then removes the user. Should a token slip past (made on another
     * replica in the same moment), it still names this account's uid, which a re-created user of the
     * same name does not have.
     *
     * @return how many tokens were revoked
     */
    public int delete(String name) {
        if (AdminBootstrap.ADMIN.equals(name)) {
            throw new ConflictException(
                    "the bootstrap user admin cannot be deleted; disable it or change its password");
        }
        String id = DocumentIds.user(name);
        if (users.get(id).isEmpty()) {
            throw new NotFoundException("user " + name + " not found");
        }
        int revoked = tokens.revokeAllOf(Subject.user(name));
        store.update(id, current -> null);
        users.refresh(id);
        return revoked;
    }

    private static String password(String password, boolean required) {
        if (password == null && required) {
            throw new ValidationException("password", "password is required");
        }
        if (password != null && password.length() < MIN_PASSWORD_LENGTH) {
            throw new ValidationException(
                    "password", "password must have at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        if (password != null && !PasswordHasher.fits(password)) {
            throw new ValidationException(
                    "password",
                    "password must have at most " + PasswordHasher.MAX_PASSWORD_BYTES
                            + " bytes in UTF-8 (bcrypt would ignore the rest)");
        }
        return password;
    }

    private static List<String> groups(List<String> groups) {
        if (groups == null) {
            return List.of();
        }
        groups.forEach(group -> Names.account("groups", group));
        return List.copyOf(groups);
    }
}
