package io.enseada.operator.registry;

import io.enseada.operator.common.ControlledDependent;
import io.enseada.operator.common.Labels;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** The ClusterIP Service in front of the registry pods. */
public class RegistryService extends ControlledDependent<Service, Registry> {

    public RegistryService() {
        super(Service.class);
    }

    @Override
    protected Service desired(Registry registry, Context<Registry> context) {
        return new ServiceBuilder()
                .withMetadata(RegistryNames.metadata(registry, RegistryNames.service(registry), "registry"))
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(Labels.selector(registry))
                .addNewPort()
                .withName(registry.getSpec().tls() != null ? "https" : "http")
                .withPort(RegistryNames.PORT)
                .withTargetPort(new IntOrString("http"))
                .withProtocol("TCP")
                .endPort()
                .endSpec()
                .build();
    }
}
