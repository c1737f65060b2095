package io.enseada.operator.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;

/** A dependent the operator creates, updates and deletes, whose primary resource is its {@link ControllerReference controller}. */
public abstract class ControlledDependent<R extends HasMetadata, P extends HasMetadata>
        extends CRUDKubernetesDependentResource<R, P> {

    protected ControlledDependent(Class<R> type) {
        super(type);
    }

    @Override
    protected void addReferenceHandlingMetadata(R desired, P primary) {
        ControllerReference.set(desired, primary);
    }
}
