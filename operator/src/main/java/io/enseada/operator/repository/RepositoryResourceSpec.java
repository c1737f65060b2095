package io.enseada.operator.repository;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.enseada.operator.common.ObjectReference;
import io.enseada.shared.model.Format;
import io.enseada.shared.model.RepositoryName;
import io.enseada.shared.model.Visibility;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * The desired repository: the same fields as the registry's YAML {@code repositories:} entries
 * ({@link io.enseada.shared.model.RepositorySpec}), plus the Registry it belongs to.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "self.format == 'maven' || !has(self.maven)",
        message = "maven options are only for format maven")
@ValidationRule(value = "self.format == oldSelf.format", message = "format cannot change: create a new Repository")
@ValidationRule(
        value = "(has(self.name) ? self.name : '') == (has(oldSelf.name) ? oldSelf.name : '')",
        message = "name cannot change: clients address the repository by it; create a new Repository")
@ValidationRule(
        value = "self.registryRef.name == oldSelf.registryRef.name",
        message = "registryRef cannot change: create a new Repository in the other Registry")
public record RepositoryResourceSpec(
        @Required @JsonPropertyDescription("The Registry, in this namespace, that serves the repository.")
        ObjectReference registryRef,

        @Pattern(RepositoryName.PATTERN)
        @Size(max = RepositoryName.MAX_LENGTH)
        @JsonPropertyDescription(
                "Name clients use in URLs and image names; metadata.name when unset. Unique within a Registry.")
        String name,

        @Required @JsonPropertyDescription("Package format: oci (container images and artifacts), maven or npm.")
        Format format,

        @JsonPropertyDescription(
                "public: anyone may read without credentials; private (default): access policies decide.")
        Visibility visibility,

        @JsonPropertyDescription("Maven options; only for format maven.")
        MavenSpec maven,

        @JsonPropertyDescription(
                "What deleting this resource does to stored packages: Retain (default) keeps them, Delete removes them with the repository.")
        DeletionPolicy deletionPolicy) {

    /** Maven repository options, as in the registry's YAML. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MavenSpec(
            @JsonPropertyDescription("Which versions are accepted: release (default), snapshot or mixed.")
            io.enseada.shared.model.VersionPolicy versionPolicy,

            @JsonPropertyDescription("Whether an existing release file may be overwritten (default false).")
            Boolean allowRedeploy) {}

    /** What happens to stored packages when the resource is deleted. */
    public enum DeletionPolicy {
        Retain,
        Delete
    }
}
