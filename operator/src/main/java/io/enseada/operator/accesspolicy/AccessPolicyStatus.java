package io.enseada.operator.accesspolicy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.enseada.operator.common.ResourceStatus;
import java.util.Objects;

/** What the operator observed of an AccessPolicy. The token itself is only in the Secret. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AccessPolicyStatus extends ResourceStatus {
    @JsonPropertyDescription("Subject of the policy's robot account, when credentials are set.")
    private String robot;

    @JsonPropertyDescription("Id (not the secret) of the robot's current token.")
    private String tokenId;

    @JsonPropertyDescription("When the current token was created (RFC 3339).")
    private String tokenCreatedAt;

    @JsonPropertyDescription("Name of the Secret holding the current token.")
    private String secretName;

    public String getRobot() {
        return robot;
    }

    public void setRobot(String robot) {
        this.robot = robot;
    }

    public String getTokenId() {
        return tokenId;
    }

    public void setTokenId(String tokenId) {
        this.tokenId = tokenId;
    }

    public String getTokenCreatedAt() {
        return tokenCreatedAt;
    }

    public void setTokenCreatedAt(String tokenCreatedAt) {
        this.tokenCreatedAt = tokenCreatedAt;
    }

    public String getSecretName() {
        return secretName;
    }

    public void setSecretName(String secretName) {
        this.secretName = secretName;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AccessPolicyStatus other
                && Objects.equals(getObservedGeneration(), other.getObservedGeneration())
                && Objects.equals(getConditions(), other.getConditions())
                && Objects.equals(robot, other.robot)
                && Objects.equals(tokenId, other.tokenId)
                && Objects.equals(tokenCreatedAt, other.tokenCreatedAt)
                && Objects.equals(secretName, other.secretName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(getObservedGeneration(), getConditions(), robot, tokenId, tokenCreatedAt, secretName);
    }
}
