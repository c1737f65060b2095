package io.enseada.operator.common;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** One key of a Secret in the resource's namespace. */
public record SecretKeyReference(
        @Required
        @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
        @JsonPropertyDescription("Name of the Secret in this namespace.")
        String name,

        @Pattern("^[-._a-zA-Z0-9]+$") @JsonPropertyDescription("Key inside the Secret's data.")
        String key) {

    public SecretKeyReference withDefaultKey(String defaultKey) {
        return key == null || key.isBlank() ? new SecretKeyReference(name, defaultKey) : this;
    }
}
