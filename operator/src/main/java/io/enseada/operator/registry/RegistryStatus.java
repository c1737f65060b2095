package io.enseada.operator.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.enseada.operator.common.ResourceStatus;
import java.util.Objects;

/** What the operator observed of a Registry. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RegistryStatus extends ResourceStatus {
    @JsonPropertyDescription("URL clients reach the registry at.")
    private String url;

    @JsonPropertyDescription("Registry pods that are ready.")
    private Integer readyReplicas;

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public Integer getReadyReplicas() {
        return readyReplicas;
    }

    public void setReadyReplicas(Integer readyReplicas) {
        this.readyReplicas = readyReplicas;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RegistryStatus other
                && Objects.equals(getObservedGeneration(), other.getObservedGeneration())
                && Objects.equals(getConditions(), other.getConditions())
                && Objects.equals(url, other.url)
                && Objects.equals(readyReplicas, other.readyReplicas);
    }

    @Override
    public int hashCode() {
        return Objects.hash(getObservedGeneration(), getConditions(), url, readyReplicas);
    }
}
