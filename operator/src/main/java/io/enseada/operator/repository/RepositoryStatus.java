package io.enseada.operator.repository;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.enseada.operator.common.ResourceStatus;
import java.util.Objects;

/** What the operator observed of a Repository. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RepositoryStatus extends ResourceStatus {
    @JsonPropertyDescription(
            "Client-facing address of the repository: the image prefix (oci) or the repository URL (maven, npm).")
    private String url;

    @JsonPropertyDescription("One line showing how a client uses the repository.")
    private String usage;

    @JsonPropertyDescription(
            "What the registry's last storage lifecycle run did to the repository; absent before the first run. The LifecycleSucceeded condition tells whether it finished.")
    private LifecycleSummary lifecycle;

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getUsage() {
        return usage;
    }

    public void setUsage(String usage) {
        this.usage = usage;
    }

    public LifecycleSummary getLifecycle() {
        return lifecycle;
    }

    public void setLifecycle(LifecycleSummary lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RepositoryStatus other
                && Objects.equals(getObservedGeneration(), other.getObservedGeneration())
                && Objects.equals(getConditions(), other.getConditions())
                && Objects.equals(url, other.url)
                && Objects.equals(usage, other.usage)
                && Objects.equals(lifecycle, other.lifecycle);
    }

    @Override
    public int hashCode() {
        return Objects.hash(getObservedGeneration(), getConditions(), url, usage, lifecycle);
    }
}
