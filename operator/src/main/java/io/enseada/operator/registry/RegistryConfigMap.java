package io.enseada.operator.registry;

import io.enseada.operator.common.ControlledDependent;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** The registry's non-secret settings as {@code ENSEADA_*} keys, read by the pods through envFrom. */
public class RegistryConfigMap extends ControlledDependent<ConfigMap, Registry> {

    public RegistryConfigMap() {
        super(ConfigMap.class);
    }

    @Override
    protected ConfigMap desired(Registry registry, Context<Registry> context) {
        return new ConfigMapBuilder()
                .withMetadata(RegistryNames.metadata(registry, RegistryNames.configMap(registry), "config"))
                .withData(RegistryEnvironment.plainSettings(registry))
                .build();
    }
}
