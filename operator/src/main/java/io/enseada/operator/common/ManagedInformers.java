package io.enseada.operator.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerConfiguration;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResourceConfigBuilder;

/** Dependents watch only what this operator labelled, not every object of their kind. */
public final class ManagedInformers {
    private ManagedInformers() {}

    public static <R extends HasMetadata, D extends KubernetesDependentResource<R, ?>> D watchingManaged(
            D dependent, Class<R> type, boolean serverSideApply, String extraSelector) {
        String selector =
                extraSelector == null ? Labels.MANAGED_SELECTOR : Labels.MANAGED_SELECTOR + "," + extraSelector;
        dependent.configureWith(new KubernetesDependentResourceConfigBuilder<R>()
                .withUseSSA(serverSideApply)
                .withKubernetesDependentInformerConfig(InformerConfiguration.builder(type)
                        .withName(dependent.name())
                        .withLabelSelector(selector)
                        .build())
                .build());
        return dependent;
    }
}
