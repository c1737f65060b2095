package io.enseada.shared.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A human account. Only a slow hash of the password is ever stored.
 *
 * @param admin whether the user may do everything everywhere
 * @param uid this incarnation of the account, new each time the name is created; tokens carry it
 *            (see {@link TokenRecord#ownerUid()}) so that a deleted and re-created name does not
 *            inherit the old account's tokens. Null for accounts made before uids existed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserRecord(
        String name, String passwordHash, boolean admin, boolean disabled, List<String> groups, String uid) {
    public UserRecord {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    /** An account without a uid, as written before uids existed. */
    public UserRecord(String name, String passwordHash, boolean admin, boolean disabled, List<String> groups) {
        this(name, passwordHash, admin, disabled, groups, null);
    }

    @JsonIgnore
    public String documentId() {
        return DocumentIds.user(name);
    }
}
