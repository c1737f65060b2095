package io.enseada.operator.registry;

import io.enseada.operator.common.SecretKeyReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import java.util.function.Function;

/** The spec names no Secret for a value the registry needs, so the operator generates it ({@link GeneratedSecret}). */
public class NoSecretInSpec implements Condition<Secret, Registry> {
    private final Function<RegistrySpec, SecretKeyReference> reference;

    /** @param reference the spec field that names the Secret, e.g. {@code RegistrySpec::tokenSigningKey} */
    public NoSecretInSpec(Function<RegistrySpec, SecretKeyReference> reference) {
        this.reference = reference;
    }

    @Override
    public boolean isMet(DependentResource<Secret, Registry> dependent, Registry registry, Context<Registry> context) {
        return reference.apply(registry.getSpec()) == null;
    }
}
