package io.enseada.operator.repository;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.enseada.shared.model.RepositoryLifecycle;

/**
 * A Repository's {@code status.lifecycle}: the numbers of the registry's last storage lifecycle
 * run ({@link RepositoryLifecycle}); its error goes into the LifecycleSucceeded condition.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LifecycleSummary(
        @JsonPropertyDescription(
                "When the registry's last storage lifecycle run (retention, then garbage collection) finished.")
        String lastRun,

        @JsonPropertyDescription(
                "What that run's retention removed from the repository: tags, manifests, snapshot builds, versions, cached items.")
        Long removedItems,

        @JsonPropertyDescription("Bytes of blobs that run deleted that were last the repository's.")
        Long freedBytes,

        @JsonPropertyDescription("Bytes the repository references after that run; what its quota counts.")
        Long usedBytes) {

    static LifecycleSummary of(RepositoryLifecycle run) {
        return new LifecycleSummary(
                run.lastRun() == null ? null : run.lastRun().toString(),
                run.removedItems(),
                run.freedBytes(),
                run.usedBytes());
    }
}
