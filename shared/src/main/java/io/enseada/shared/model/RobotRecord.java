package io.enseada.shared.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/** A machine account: no password, it authenticates only with its tokens. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RobotRecord(String name, String description, boolean disabled) {
    @JsonIgnore
    public String documentId() {
        return DocumentIds.robot(name);
    }
}
