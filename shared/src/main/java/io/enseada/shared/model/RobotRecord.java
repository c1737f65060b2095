package io.enseada.shared.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A machine account: no password, it authenticates only with its tokens.
 *
 * @param uid this incarnation of the account, as {@link UserRecord#uid()}; null for robots written
 *            without one (by the operator, or before uids existed)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RobotRecord(String name, String description, boolean disabled, String uid) {
    /** A robot without a uid, as the operator writes it. */
    public RobotRecord(String name, String description, boolean disabled) {
        this(name, description, disabled, null);
    }

    @JsonIgnore
    public String documentId() {
        return DocumentIds.robot(name);
    }
}
