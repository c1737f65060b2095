package io.enseada.operator.accesspolicy;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A form of the robot credentials that a client reads. */
public enum CredentialType {
    @JsonProperty("dockerconfigjson")
    DOCKER_CONFIG_JSON,
    @JsonProperty("npmrc")
    NPMRC,
    @JsonProperty("maven-settings")
    MAVEN_SETTINGS
}
