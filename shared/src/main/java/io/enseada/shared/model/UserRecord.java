package io.enseada.shared.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * A human account. Only a slow hash of the password is ever stored.
 *
 * @param admin whether the user may do everything everywhere
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserRecord(String name, String passwordHash, boolean admin, boolean disabled, List<String> groups) {
    public UserRecord {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    @JsonIgnore
    public String documentId() {
        return DocumentIds.user(name);
    }
}
