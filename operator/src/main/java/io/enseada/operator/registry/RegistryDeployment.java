package io.enseada.operator.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.operator.common.ControlledDependent;
import io.enseada.operator.common.Labels;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry pods. The pod template carries a hash of the spec and of the resource versions of
 * every Secret the pods read, so a change of either rolls the Deployment.
 */
public class RegistryDeployment extends ControlledDependent<Deployment, Registry> {
    private final String defaultImage;
    private final ObjectMapper mapper;

    public RegistryDeployment(String defaultImage, ObjectMapper mapper) {
        super(Deployment.class);
        this.defaultImage = defaultImage;
        this.mapper = mapper;
    }

    @Override
    protected Deployment desired(Registry registry, Context<Registry> context) {
        RegistrySpec spec = registry.getSpec();
        Map<String, String> secretVersions = new LinkedHashMap<>();
        for (String name : RegistryEnvironment.referencedSecrets(registry)) {
            Secret secret = context.getClient()
                    .secrets()
                    .inNamespace(registry.getMetadata().getNamespace())
                    .withName(name)
                    .get();
            secretVersions.put(
                    name, secret == null ? "absent" : secret.getMetadata().getResourceVersion());
        }
        boolean sharedVolume = spec.storage().filesystem() != null;
        return new DeploymentBuilder()
                .withMetadata(RegistryNames.metadata(registry, RegistryNames.deployment(registry), "registry"))
                .withNewSpec()
                .withReplicas(spec.replicasOrDefault())
                .withNewSelector()
                .withMatchLabels(Labels.selector(registry))
                .endSelector()
                .withStrategy(strategy(sharedVolume && spec.replicasOrDefault() == 1))
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(Labels.of(registry, "registry"))
                .withAnnotations(Map.of(RegistryNames.CONFIG_HASH_ANNOTATION, configHash(spec, secretVersions)))
                .endMetadata()
                .withNewSpec()
                .withAutomountServiceAccountToken(false)
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withRunAsUser(10001L)
                .withFsGroup(10001L)
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .endSecurityContext()
                .withContainers(container(registry))
                .withVolumes(volumes(registry))
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /**
     * A rolling update that never has fewer ready pods than wanted: a new pod first, an old one
     * goes once it is ready. On a ReadWriteOnce claim the one pod must let go of the volume first.
     */
    private static DeploymentStrategy strategy(boolean recreate) {
        return recreate
                ? new DeploymentStrategyBuilder().withType("Recreate").build()
                : new DeploymentStrategyBuilder()
                        .withType("RollingUpdate")
                        .withNewRollingUpdate()
                        .withMaxUnavailable(new IntOrString(0))
                        .withMaxSurge(new IntOrString(1))
                        .endRollingUpdate()
                        .build();
    }

    private Container container(Registry registry) {
        RegistrySpec spec = registry.getSpec();
        String scheme = spec.tls() != null ? "HTTPS" : "HTTP";
        return new ContainerBuilder()
                .withName(RegistryNames.CONTAINER)
                .withImage(spec.image() != null ? spec.image() : defaultImage)
                .addNewPort()
                .withName("http")
                .withContainerPort(RegistryNames.PORT)
                .withProtocol("TCP")
                .endPort()
                .addNewEnvFrom()
                .withNewConfigMapRef()
                .withName(RegistryNames.configMap(registry))
                .endConfigMapRef()
                .endEnvFrom()
                .withEnv(RegistryEnvironment.secretSettings(registry))
                .withResources(spec.resources())
                .withLivenessProbe(probe("/health/live", scheme, 10))
                .withReadinessProbe(probe("/health/ready", scheme, 5))
                .withStartupProbe(new ProbeBuilder(probe("/health/live", scheme, 2))
                        .withFailureThreshold(60)
                        .build())
                .withVolumeMounts(mounts(registry))
                .withNewSecurityContext()
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withNewCapabilities()
                .withDrop("ALL")
                .endCapabilities()
                .endSecurityContext()
                .build();
    }

    private static Probe probe(String path, String scheme, int periodSeconds) {
        return new ProbeBuilder()
                .withNewHttpGet()
                .withPath(path)
                .withPort(new IntOrString("http"))
                .withScheme(scheme)
                .endHttpGet()
                .withPeriodSeconds(periodSeconds)
                .withTimeoutSeconds(3)
                .build();
    }

    private static List<Volume> volumes(Registry registry) {
        RegistrySpec spec = registry.getSpec();
        List<Volume> volumes = new ArrayList<>();
        if (spec.storage().filesystem() != null) {
            volumes.add(new VolumeBuilder()
                    .withName("data")
                    .withNewPersistentVolumeClaim()
                    .withClaimName(spec.storage().filesystem().claimName())
                    .endPersistentVolumeClaim()
                    .build());
        } else {
            volumes.add(new VolumeBuilder()
                    .withName("data")
                    .withNewEmptyDir()
                    .endEmptyDir()
                    .build());
        }
        volumes.add(new VolumeBuilder()
                .withName("tmp")
                .withNewEmptyDir()
                .endEmptyDir()
                .build());
        if (spec.tls() != null) {
            volumes.add(new VolumeBuilder()
                    .withName("tls")
                    .withNewSecret()
                    .withSecretName(spec.tls().secretName())
                    .endSecret()
                    .build());
        }
        return volumes;
    }

    private static List<VolumeMount> mounts(Registry registry) {
        List<VolumeMount> mounts = new ArrayList<>();
        mounts.add(new VolumeMountBuilder()
                .withName("data")
                .withMountPath(RegistryNames.DATA_DIR)
                .build());
        mounts.add(
                new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build());
        if (registry.getSpec().tls() != null) {
            mounts.add(new VolumeMountBuilder()
                    .withName("tls")
                    .withMountPath(RegistryNames.TLS_DIR)
                    .withReadOnly(true)
                    .build());
        }
        return mounts;
    }

    /** SHA-256 over the spec and the referenced Secrets' resource versions (never their data). */
    String configHash(RegistrySpec spec, Map<String, String> secretVersions) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(mapper.writeValueAsBytes(spec));
            digest.update(defaultImage.getBytes(StandardCharsets.UTF_8));
            digest.update(mapper.writeValueAsBytes(secretVersions));
            return HexFormat.of().formatHex(digest.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
