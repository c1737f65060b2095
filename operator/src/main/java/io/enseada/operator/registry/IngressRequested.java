package io.enseada.operator.registry;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** The Registry asks for an Ingress; without, the workflow deletes one it made before. */
public class IngressRequested implements Condition<Ingress, Registry> {

    @Override
    public boolean isMet(DependentResource<Ingress, Registry> dependent, Registry registry, Context<Registry> context) {
        return registry.getSpec().ingress() != null;
    }
}
