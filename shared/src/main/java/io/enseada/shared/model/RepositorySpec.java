package io.enseada.shared.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * A repository as the registry stores it and as the {@code Repository} custom resource and the
 * YAML configuration declare it; the field names are the same in all three.
 *
 * @param kind  hosted (the default), proxy or group
 * @param maven options that apply when {@code format} is maven; null otherwise
 * @param proxy the upstream, when {@code kind} is proxy; null otherwise
 * @param group the members, when {@code kind} is group; null otherwise
 * @param retention what the storage lifecycle removes before each collection; null for nothing
 *                  ({@link RetentionOptions#requireApplies} refuses keys of other formats)
 * @param quota     the most bytes the repository may reference; hosted repositories only, null
 *                  for no limit
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RepositorySpec(
        String name,
        Format format,
        RepositoryKind kind,
        Visibility visibility,
        MavenOptions maven,
        ProxyOptions proxy,
        GroupOptions group,
        RetentionOptions retention,
        StorageQuota quota) {

    public RepositorySpec {
        RepositoryName.require(name);
        Objects.requireNonNull(format, "repository " + name + ": format is required (" + Format.choices() + ")");
        kind = kind == null ? RepositoryKind.HOSTED : kind;
        visibility = visibility == null ? Visibility.PRIVATE : visibility;
        if (format == Format.MAVEN) {
            maven = maven == null ? MavenOptions.DEFAULT : maven;
        } else if (maven != null) {
            throw new IllegalArgumentException(
                    "repository " + name + ": maven options apply only to maven repositories");
        }
        requireOptions(name, kind, RepositoryKind.PROXY, proxy, "proxy: {url: ...}");
        requireOptions(name, kind, RepositoryKind.GROUP, group, "group: {members: [...]}");
        if (group != null && group.members().contains(name)) {
            throw new IllegalArgumentException("repository " + name + ": a group cannot be its own member");
        }
        if (retention != null) {
            retention.requireApplies(name, format, kind, maven);
            retention = retention.isEmpty() ? null : retention;
        }
        if (quota != null && kind != RepositoryKind.HOSTED) {
            throw new IllegalArgumentException(
                    "repository " + name + ": quota applies only to hosted repositories, whose clients write to them");
        }
    }

    /** A repository without retention or quota. */
    public RepositorySpec(
            String name,
            Format format,
            RepositoryKind kind,
            Visibility visibility,
            MavenOptions maven,
            ProxyOptions proxy,
            GroupOptions group) {
        this(name, format, kind, visibility, maven, proxy, group, null, null);
    }

    /** A hosted repository. */
    public RepositorySpec(String name, Format format, Visibility visibility, MavenOptions maven) {
        this(name, format, RepositoryKind.HOSTED, visibility, maven, null, null);
    }

    public static RepositorySpec proxy(String name, Format format, Visibility visibility, ProxyOptions proxy) {
        return new RepositorySpec(name, format, RepositoryKind.PROXY, visibility, null, proxy, null);
    }

    public static RepositorySpec group(String name, Format format, Visibility visibility, GroupOptions group) {
        return new RepositorySpec(name, format, RepositoryKind.GROUP, visibility, null, null, group);
    }

    private static void requireOptions(
            String name, RepositoryKind kind, RepositoryKind owner, Object options, String example) {
        if (kind == owner && options == null) {
            throw new IllegalArgumentException(
                    "repository " + name + ": kind " + owner.wireName() + " needs " + example);
        }
        if (kind != owner && options != null) {
            throw new IllegalArgumentException("repository " + name + ": " + owner.wireName()
                    + " options apply only to repositories of kind " + owner.wireName());
        }
    }

    @JsonIgnore
    public boolean isPublic() {
        return visibility == Visibility.PUBLIC;
    }

    /** Only hosted repositories take pushes, deploys, publishes and deletes from clients. */
    @JsonIgnore
    public boolean acceptsWrites() {
        return kind == RepositoryKind.HOSTED;
    }

    @JsonIgnore
    public String documentId() {
        return DocumentIds.repository(name);
    }

    public RepositorySpec withProxy(ProxyOptions options) {
        return new RepositorySpec(name, format, kind, visibility, maven, options, group, retention, quota);
    }

    public RepositorySpec withLifecycle(RetentionOptions retention, StorageQuota quota) {
        return new RepositorySpec(name, format, kind, visibility, maven, proxy, group, retention, quota);
    }

    /** This repository as shown to API callers: the upstream password left out. */
    public RepositorySpec withoutSecrets() {
        if (proxy == null || proxy.credentials() == null) {
            return this;
        }
        ProxyOptions shown = new ProxyOptions(
                proxy.url(), proxy.credentials().redacted(), proxy.metadataMaxAge(), proxy.negativeCacheTtl());
        return new RepositorySpec(name, format, kind, visibility, maven, shown, group, retention, quota);
    }
}
