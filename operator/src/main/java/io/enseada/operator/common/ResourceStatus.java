package io.enseada.operator.common;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What every Enseada resource reports: the generation it last acted on and its conditions. */
public abstract class ResourceStatus {
    @JsonPropertyDescription("The metadata.generation of the spec the operator last reconciled.")
    private Long observedGeneration;

    @JsonPropertyDescription("Kubernetes-style conditions; Ready summarises the others.")
    private List<Condition> conditions = new ArrayList<>();

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions == null ? new ArrayList<>() : conditions;
    }
}
