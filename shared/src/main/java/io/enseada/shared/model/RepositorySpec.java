package io.enseada.shared.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * A repository as the registry stores it and as the {@code Repository} custom resource and the
 * YAML configuration declare it; the field names are the same in all three.
 *
 * @param maven options that apply when {@code format} is maven; null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RepositorySpec(String name, Format format, Visibility visibility, MavenOptions maven) {

    public RepositorySpec {
        RepositoryName.require(name);
        Objects.requireNonNull(format, "repository " + name + ": format is required (" + Format.choices() + ")");
        visibility = visibility == null ? Visibility.PRIVATE : visibility;
        if (format == Format.MAVEN) {
            maven = maven == null ? MavenOptions.DEFAULT : maven;
        } else if (maven != null) {
            throw new IllegalArgumentException(
                    "repository " + name + ": maven options apply only to maven repositories");
        }
    }

    @JsonIgnore
    public boolean isPublic() {
        return visibility == Visibility.PUBLIC;
    }

    @JsonIgnore
    public String documentId() {
        return DocumentIds.repository(name);
    }
}
