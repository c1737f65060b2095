package io.enseada.operator.repository;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.enseada.operator.common.IsoDurations;
import io.enseada.operator.common.ObjectReference;
import io.enseada.shared.model.Format;
import io.enseada.shared.model.GroupOptions;
import io.enseada.shared.model.RepositoryKind;
import io.enseada.shared.model.RepositoryName;
import io.enseada.shared.model.StorageQuota;
import io.enseada.shared.model.Visibility;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * The desired repository: the same fields as the registry's YAML {@code repositories:} entries
 * ({@link io.enseada.shared.model.RepositorySpec}), plus the Registry it belongs to; a proxy's
 * upstream credentials are a Secret reference instead of the values.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "self.format == 'maven' || !has(self.maven)",
        message = "maven options are only for format maven")
@ValidationRule(value = "self.format == oldSelf.format", message = "format cannot change: create a new Repository")
// kind has a default, so the API server has filled it in before these rules run
@ValidationRule(value = "self.kind == oldSelf.kind", message = "kind cannot change: create a new Repository")
@ValidationRule(
        value = "has(self.proxy) == (self.kind == 'proxy')",
        message = "proxy: {url: ...} is required for kind proxy and allowed only for it")
@ValidationRule(
        value = "has(self.group) == (self.kind == 'group')",
        message = "group: {members: [...]} is required for kind group and allowed only for it")
@ValidationRule(
        value = "(has(self.name) ? self.name : '') == (has(oldSelf.name) ? oldSelf.name : '')",
        message = "name cannot change: clients address the repository by it; create a new Repository")
@ValidationRule(
        value = "self.registryRef.name == oldSelf.registryRef.name",
        message = "registryRef cannot change: create a new Repository in the other Registry")
// retention and quota, refused by the API server where they would do nothing (RetentionOptions.requireApplies)
@ValidationRule(
        value = "!has(self.retention) || self.kind != 'group'",
        message =
                "retention applies to no group repository: a group holds nothing of its own, its members have their own retention")
@ValidationRule(
        value = "!has(self.retention) || !has(self.retention.keepTags) || " + RepositoryResourceSpec.HOSTED_OCI,
        message = "retention.keepTags applies only to hosted oci repositories")
@ValidationRule(
        value = "!has(self.retention) || !has(self.retention.keepTagPatterns) || " + RepositoryResourceSpec.HOSTED_OCI,
        message = "retention.keepTagPatterns applies only to hosted oci repositories")
@ValidationRule(
        value = "!has(self.retention) || !has(self.retention.tagsOlderThan) || " + RepositoryResourceSpec.HOSTED_OCI,
        message = "retention.tagsOlderThan applies only to hosted oci repositories")
@ValidationRule(
        value = "!has(self.retention) || !has(self.retention.untaggedOlderThan) || "
                + RepositoryResourceSpec.HOSTED_OCI,
        message = "retention.untaggedOlderThan applies only to hosted oci repositories")
@ValidationRule(
        value = "!has(self.retention) || !has(self.retention.keepSnapshots) || " + RepositoryResourceSpec.SNAPSHOTS,
        message =
                "retention.keepSnapshots applies only to hosted maven repositories whose versionPolicy is snapshot or mixed")
@ValidationRule(
        value = "!has(self.retention) || !has(self.retention.snapshotsOlderThan) || "
                + RepositoryResourceSpec.SNAPSHOTS,
        message =
                "retention.snapshotsOlderThan applies only to hosted maven repositories whose versionPolicy is snapshot or mixed")
@ValidationRule(
        value = "!has(self.retention) || !has(self.retention.removeReleasedSnapshots) || "
                + RepositoryResourceSpec.SNAPSHOTS,
        message =
                "retention.removeReleasedSnapshots applies only to hosted maven repositories whose versionPolicy is snapshot or mixed")
@ValidationRule(
        value = "!has(self.retention) || !has(self.retention.versionsOlderThan) || "
                + "(self.format == 'npm' && self.kind == 'hosted')",
        message = "retention.versionsOlderThan applies only to hosted npm repositories")
@ValidationRule(
        value = "!has(self.retention) || !has(self.retention.unusedFor) || self.kind == 'proxy'",
        message = "retention.unusedFor applies only to proxy repositories")
@ValidationRule(
        value = "!has(self.quota) || self.kind == 'hosted'",
        message = "quota applies only to hosted repositories, whose clients write to them")
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
        DeletionPolicy deletionPolicy,

        @Default("hosted")
        @JsonPropertyDescription(
                "hosted (default): clients push to it; proxy: a read-through cache of one upstream registry; group: other repositories of the same format behind one URL. Only hosted repositories accept writes.")
        RepositoryKind kind,

        @JsonPropertyDescription("The upstream registry; required for kind proxy, only for it.")
        ProxySpec proxy,

        @JsonPropertyDescription("The members; required for kind group, only for it.")
        GroupSpec group,

        @JsonPropertyDescription(
                "What the storage lifecycle removes before each garbage collection; every key is off when absent. oci (hosted): keepTags, keepTagPatterns, tagsOlderThan, untaggedOlderThan; maven (hosted, versionPolicy snapshot or mixed): keepSnapshots, snapshotsOlderThan, removeReleasedSnapshots; npm (hosted): versionsOlderThan; proxy: unusedFor. Not for groups.")
        RetentionSpec retention,

        @Pattern(StorageQuota.PATTERN)
        @Size(max = 32)
        @JsonPropertyDescription(
                "The most bytes the repository may reference, as a Kubernetes quantity (10Gi, 500Mi, 2G); a push beyond it is refused. Hosted repositories only; no limit when unset.")
        String quota) {

    /** kind has a default, so the API server has filled it in before these rules run. */
    static final String HOSTED_OCI = "(self.format == 'oci' && self.kind == 'hosted')";
    /** An absent versionPolicy is release (MavenOptions.DEFAULT), which keeps no snapshots. */
    static final String SNAPSHOTS = "(self.format == 'maven' && self.kind == 'hosted' && has(self.maven)"
            + " && has(self.maven.versionPolicy) && self.maven.versionPolicy != 'release')";

    /** A repository without retention or quota. */
    public RepositoryResourceSpec(
            ObjectReference registryRef,
            String name,
            Format format,
            Visibility visibility,
            MavenSpec maven,
            DeletionPolicy deletionPolicy,
            RepositoryKind kind,
            ProxySpec proxy,
            GroupSpec group) {
        this(registryRef, name, format, visibility, maven, deletionPolicy, kind, proxy, group, null, null);
    }

    /** A hosted repository. */
    public RepositoryResourceSpec(
            ObjectReference registryRef,
            String name,
            Format format,
            Visibility visibility,
            MavenSpec maven,
            DeletionPolicy deletionPolicy) {
        this(registryRef, name, format, visibility, maven, deletionPolicy, null, null, null);
    }

    /** Maven repository options, as in the registry's YAML. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MavenSpec(
            @JsonPropertyDescription("Which versions are accepted: release (default), snapshot or mixed.")
            io.enseada.shared.model.VersionPolicy versionPolicy,

            @JsonPropertyDescription("Whether an existing release file may be overwritten (default false).")
            Boolean allowRedeploy) {}

    /** The upstream of a proxy repository, as in the registry's YAML but for the credentials. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(
            value = "self.url.matches('^https?://[^/?#@]+(/[^?#]*)?$')",
            message = "url must be an http:// or https:// URL without credentials, query or fragment")
    public record ProxySpec(
            @Required
            @Size(max = 2048)
            @JsonPropertyDescription(
                    "Base URL of the upstream registry of the repository's format, e.g. https://npm-upstream.example.com/.")
            String url,

            @JsonPropertyDescription(
                    "Credentials for the upstream; anonymous when unset. The Secret's keys username and password are written into the registry's database, never into this resource's status.")
            CredentialsSpec credentials,

            @Pattern(IsoDurations.PATTERN)
            @JsonPropertyDescription(
                    "ISO-8601 duration for which cached metadata (tags, packuments, maven-metadata.xml) is trusted before the upstream is asked again (default PT30M).")
            String metadataMaxAge,

            @Pattern(IsoDurations.PATTERN)
            @JsonPropertyDescription(
                    "ISO-8601 duration for which an upstream \"not found\" is remembered (default PT5M).")
            String negativeCacheTtl) {}

    /** Where the upstream credentials are. */
    public record CredentialsSpec(
            @Required
            @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
            @JsonPropertyDescription("Secret in this namespace with the keys username and password.")
            String secretName) {}

    /** The members of a group repository. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GroupSpec(
            @Required
            @Size(min = 1, max = GroupOptions.MAX_MEMBERS)
            @JsonPropertyDescription(
                    "Repository names (as clients use them) of the same Registry and format, searched in this order; groups may hold groups, not in a cycle.")
            List<String> members,

            @JsonPropertyDescription(
                    "npm: a package a hosted member holds is served from hosted members only, never merged with an upstream package of the same name (the dependency-confusion defence). Default true.")
            Boolean protectHostedPackages) {

        public GroupSpec(List<String> members) {
            this(members, null);
        }
    }

    /** What happens to stored packages when the resource is deleted. */
    public enum DeletionPolicy {
        Retain,
        Delete
    }
}
