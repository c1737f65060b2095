package io.enseada.shared.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Options of a Maven repository.
 *
 * @param versionPolicy which versions are accepted; release when absent
 * @param allowRedeploy whether an existing release file may be overwritten
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MavenOptions(VersionPolicy versionPolicy, Boolean allowRedeploy) {
    public static final MavenOptions DEFAULT = new MavenOptions(VersionPolicy.RELEASE, false);

    public MavenOptions {
        versionPolicy = versionPolicy == null ? VersionPolicy.RELEASE : versionPolicy;
        allowRedeploy = allowRedeploy != null && allowRedeploy;
    }
}
