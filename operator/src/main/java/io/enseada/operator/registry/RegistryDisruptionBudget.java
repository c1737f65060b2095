package io.enseada.operator.registry;

import io.enseada.operator.common.ControlledDependent;
import io.enseada.operator.common.Labels;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/** Keeps all but one registry pod up through voluntary disruptions; only with more than one replica ({@link SeveralReplicas}). */
public class RegistryDisruptionBudget extends ControlledDependent<PodDisruptionBudget, Registry> {

    public RegistryDisruptionBudget() {
        super(PodDisruptionBudget.class);
    }

    /** By name, so an object that is no longer wanted is found (and deleted) without building it. */
    @Override
    protected ResourceID targetSecondaryResourceID(Registry registry, Context<Registry> context) {
        return new ResourceID(
                RegistryNames.deployment(registry), registry.getMetadata().getNamespace());
    }

    @Override
    protected PodDisruptionBudget desired(Registry registry, Context<Registry> context) {
        return new PodDisruptionBudgetBuilder()
                .withMetadata(RegistryNames.metadata(registry, RegistryNames.deployment(registry), "registry"))
                .withNewSpec()
                .withMaxUnavailable(new IntOrString(1))
                .withNewSelector()
                .withMatchLabels(Labels.selector(registry))
                .endSelector()
                .endSpec()
                .build();
    }
}
