package io.enseada.operator.registry;

import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** More than one registry pod is wanted, so the pods get a disruption budget; otherwise the workflow deletes one made before. */
public class SeveralReplicas implements Condition<PodDisruptionBudget, Registry> {

    @Override
    public boolean isMet(
            DependentResource<PodDisruptionBudget, Registry> dependent, Registry registry, Context<Registry> context) {
        return registry.getSpec().replicasOrDefault() > 1;
    }
}
