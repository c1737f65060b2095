package io.enseada.operator.registry;

import io.enseada.operator.common.ControlledDependent;
import io.enseada.operator.common.Labels;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLSBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.List;
import java.util.Map;

/** The Ingress to the registry's Service, when the Registry asks for one ({@link IngressRequested}). */
public class RegistryIngress extends ControlledDependent<Ingress, Registry> {

    public RegistryIngress() {
        super(Ingress.class);
    }

    /** By name, so an object that is no longer wanted is found (and deleted) without building it. */
    @Override
    protected ResourceID targetSecondaryResourceID(Registry registry, Context<Registry> context) {
        return new ResourceID(
                RegistryNames.service(registry), registry.getMetadata().getNamespace());
    }

    @Override
    protected Ingress desired(Registry registry, Context<Registry> context) {
        RegistrySpec.IngressSpec spec = registry.getSpec().ingress();
        Map<String, String> annotations = spec.annotations() == null ? Map.of() : spec.annotations();
        return new IngressBuilder()
                .withNewMetadata()
                .withName(RegistryNames.service(registry))
                .withNamespace(registry.getMetadata().getNamespace())
                .withLabels(Labels.of(registry, "registry"))
                .withAnnotations(annotations)
                .endMetadata()
                .withNewSpec()
                .withIngressClassName(spec.className())
                .withTls(
                        spec.tlsSecretName() == null
                                ? List.of()
                                : List.of(new IngressTLSBuilder()
                                        .withHosts(spec.host())
                                        .withSecretName(spec.tlsSecretName())
                                        .build()))
                .addNewRule()
                .withHost(spec.host())
                .withNewHttp()
                .addNewPath()
                .withPath("/")
                .withPathType("Prefix")
                .withNewBackend()
                .withNewService()
                .withName(RegistryNames.service(registry))
                .withNewPort()
                .withNumber(RegistryNames.PORT)
                .endPort()
                .endService()
                .endBackend()
                .endPath()
                .endHttp()
                .endRule()
                .endSpec()
                .build();
    }
}
