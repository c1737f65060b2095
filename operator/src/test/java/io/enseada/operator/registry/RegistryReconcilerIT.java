package io.enseada.operator.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.enseada.operator.common.Conditions;
import io.enseada.operator.common.SecretValues;
import io.enseada.operator.testing.OperatorHarness;
import io.enseada.operator.testing.RegistryPods;
import io.enseada.operator.testing.TestCluster;
import io.enseada.shared.settings.RegistrySettingName;
import io.enseada.shared.store.DocumentStoreException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Registry reconciler in the operator, against the test's API server. The database is
 * unreachable here (the CouchDB side is covered where a pouchdb-server runs): the registry's
 * Kubernetes objects are produced all the same, and the status says why it is not Ready.
 */
class RegistryReconcilerIT {
    @RegisterExtension
    final TestCluster cluster = new TestCluster();

    KubernetesClient client;
    private String ns;
    private OperatorHarness operator;

    @BeforeEach
    void start() {
        client = cluster.client();
        ns = cluster.namespace();
        operator = OperatorHarness.start(
                cluster,
                registry -> {
                    throw new DocumentStoreException(
                            "CouchDB at " + registry.getSpec().couchdb().url() + " is unreachable: connection refused");
                },
                Duration.ofMinutes(10));
        OperatorHarness.applySamples(cluster, "00-secrets.yaml", "registry.yaml");
    }

    @AfterEach
    void stop() {
        operator.close();
    }

    private Deployment deployment() {
        return client.apps().deployments().inNamespace(ns).withName("enseada").get();
    }

    private Registry registry() {
        return client.resources(Registry.class)
                .inNamespace(ns)
                .withName("enseada")
                .get();
    }

    private static String configHash(Deployment deployment) {
        return deployment
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations()
                .get(RegistryNames.CONFIG_HASH_ANNOTATION);
    }

    @Test
    void theSampleRegistryBecomesItsDeploymentServiceConfigMapIngressAndDisruptionBudget() {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> deployment() != null
                        && client.policy()
                                        .v1()
                                        .podDisruptionBudget()
                                        .inNamespace(ns)
                                        .withName("enseada")
                                        .get()
                                != null);

        Deployment deployment = deployment();
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        var container =
                deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("enseada/registry:test");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health/live");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
        assertThat(container.getPorts().get(0).getContainerPort()).isEqualTo(9623);
        assertThat(container.getEnvFrom().get(0).getConfigMapRef().getName()).isEqualTo("enseada-config");
        Map<String, String> secretRefs = new java.util.TreeMap<>();
        for (EnvVar env : container.getEnv()) {
            assertThat(env.getValue()).as("%s is given by value", env.getName()).isNull();
            secretRefs.put(
                    env.getName(),
                    env.getValueFrom().getSecretKeyRef().getName() + "/"
                            + env.getValueFrom().getSecretKeyRef().getKey());
        }
        assertThat(secretRefs)
                .containsEntry("ENSEADA_COUCHDB_PASSWORD", "enseada-couchdb/password")
                .containsEntry("ENSEADA_S3_SECRET_ACCESS_KEY", "enseada-s3/secretAccessKey")
                .containsEntry("ENSEADA_ADMIN_PASSWORD", "enseada-admin/password")
                .containsEntry("ENSEADA_TOKEN_SIGNING_KEY", "enseada-token-signing-key/key");

        ConfigMap config =
                client.configMaps().inNamespace(ns).withName("enseada-config").get();
        assertThat(config.getData())
                .containsEntry("ENSEADA_STORAGE", "s3")
                .containsEntry("ENSEADA_S3_BUCKET", "enseada-blobs")
                .containsEntry("ENSEADA_METADATA", "couchdb")
                .containsEntry("ENSEADA_COUCHDB_URL", "http://couchdb.db:5984")
                .containsEntry("ENSEADA_PUBLIC_URL", "https://registry.example.com")
                // the Repository resources declare the repositories: the pods declare none of their own
                .containsEntry("ENSEADA_DEFAULT_REPOSITORIES", "false");
        assertThat(config.getData().values()).noneMatch(v -> v.contains("change-me"));

        Service service = client.services().inNamespace(ns).withName("enseada").get();
        assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(9623);
        assertThat(service.getSpec().getSelector())
                .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        Ingress ingress = client.network()
                .v1()
                .ingresses()
                .inNamespace(ns)
                .withName("enseada")
                .get();
        assertThat(ingress.getSpec().getRules().get(0).getHost()).isEqualTo("registry.example.com");
        assertThat(ingress.getSpec().getTls().get(0).getSecretName()).isEqualTo("registry-example-com-tls");

        Secret signingKey = client.secrets()
                .inNamespace(ns)
                .withName("enseada-token-signing-key")
                .get();
        assertThat(SecretValues.get(signingKey, "key"))
                .hasValueSatisfying(key -> assertThat(key).hasSizeGreaterThanOrEqualTo(32));
    }

    @Test
    void anUnreachableDatabaseIsAFalseConditionWithTheReasonAndTheGeneration() {
        await().atMost(Duration.ofSeconds(20)).until(() -> registry().getStatus() != null);
        RegistryStatus status = registry().getStatus();
        assertThat(status.getObservedGeneration())
                .isEqualTo(registry().getMetadata().getGeneration());
        var database = Conditions.find(status.getConditions(), RegistryStatusAggregator.DATABASE_READY)
                .orElseThrow();
        assertThat(database.getStatus()).isEqualTo("False");
        assertThat(database.getReason()).isEqualTo("DatabaseUnreachable");
        assertThat(database.getMessage()).contains("connection refused");
        assertThat(Conditions.isTrue(status.getConditions(), Conditions.READY)).isFalse();
        assertThat(status.getUrl()).isEqualTo("https://registry.example.com");
        // kubectl describe tells it too
        await().atMost(Duration.ofSeconds(20))
                .until(() -> cluster.events("Registry", "enseada").stream()
                        .anyMatch(e ->
                                e.startsWith("Warning DatabaseUnreachable: ") && e.contains("connection refused")));
    }

    @Test
    void editingTheSpecUpdatesAndRemovesWhatItProducedAndRollsThePods() {
        await().atMost(Duration.ofSeconds(20)).until(() -> deployment() != null);
        String before = configHash(deployment());

        cluster.edit(Registry.class, "enseada", r -> {
            Registry copy = r;
            RegistrySpec s = r.getSpec();
            copy.setSpec(new RegistrySpec(
                    s.image(),
                    1,
                    s.resources(),
                    s.publicUrl(),
                    s.storage(),
                    s.couchdb(),
                    s.tls(),
                    s.tokenSigningKey(),
                    s.adminPassword(),
                    null,
                    RegistrySpec.LogFormat.text));
            return copy;
        });
        await().atMost(Duration.ofSeconds(20))
                .until(() -> deployment().getSpec().getReplicas() == 1
                        && client.network()
                                        .v1()
                                        .ingresses()
                                        .inNamespace(ns)
                                        .withName("enseada")
                                        .get()
                                == null
                        && client.policy()
                                        .v1()
                                        .podDisruptionBudget()
                                        .inNamespace(ns)
                                        .withName("enseada")
                                        .get()
                                == null);
        assertThat(configHash(deployment())).isNotEqualTo(before);
        assertThat(client.configMaps()
                        .inNamespace(ns)
                        .withName("enseada-config")
                        .get()
                        .getData())
                .containsEntry("ENSEADA_LOG_FORMAT", "text");
    }

    @Test
    void changingAReferencedSecretRollsThePodsButKeepsTheGeneratedSigningKey() {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> deployment() != null
                        && client.secrets()
                                        .inNamespace(ns)
                                        .withName("enseada-token-signing-key")
                                        .get()
                                != null);
        String before = configHash(deployment());
        String key = SecretValues.get(
                        client.secrets()
                                .inNamespace(ns)
                                .withName("enseada-token-signing-key")
                                .get(),
                        "key")
                .orElseThrow();

        cluster.edit(Secret.class, "enseada-couchdb", s -> {
            s.setStringData(Map.of("username", "enseada", "password", "rotated"));
            return s;
        });
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !configHash(deployment()).equals(before));
        assertThat(SecretValues.get(
                        client.secrets()
                                .inNamespace(ns)
                                .withName("enseada-token-signing-key")
                                .get(),
                        "key"))
                .contains(key);
    }

    @Test
    void severalReplicasOnAReadWriteOnceClaimAreRefusedWithACondition() {
        createClaim("blobs");
        Registry onDisk = new Registry();
        onDisk.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                .withName("ondisk")
                .withNamespace(ns)
                .build());
        onDisk.setSpec(new RegistrySpec(
                null,
                2,
                null,
                null,
                new RegistrySpec.StorageSpec(null, new RegistrySpec.FilesystemSpec("blobs")),
                new RegistrySpec.CouchDbSpec("http://couchdb:5984", null, null),
                null,
                null,
                null,
                null,
                null));
        client.resource(onDisk).create();

        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Registry r = client.resources(Registry.class)
                    .inNamespace(ns)
                    .withName("ondisk")
                    .get();
            return r.getStatus() != null;
        });
        Registry refused = client.resources(Registry.class)
                .inNamespace(ns)
                .withName("ondisk")
                .get();
        var valid = Conditions.find(refused.getStatus().getConditions(), RegistryStatusAggregator.CONFIGURATION_VALID)
                .orElseThrow();
        assertThat(valid.getStatus()).isEqualTo("False");
        assertThat(valid.getReason()).isEqualTo("StorageNotShared");
        assertThat(valid.getMessage()).contains("blobs").contains("ReadWriteMany");
        assertThat(client.apps()
                        .deployments()
                        .inNamespace(ns)
                        .withName("ondisk")
                        .get())
                .isNull();
    }

    private void createClaim(String name) {
        client.persistentVolumeClaims()
                .inNamespace(ns)
                .resource(new PersistentVolumeClaimBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .withNewSpec()
                        .withAccessModes("ReadWriteOnce")
                        .withNewResources()
                        .addToRequests("storage", new Quantity("1Gi"))
                        .endResources()
                        .endSpec()
                        .build())
                .create();
    }

    @Test
    void everyObjectTheRegistryProducesNamesItAsItsControllerAndBlocksItsDeletion() {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> deployment() != null
                        && client.policy()
                                        .v1()
                                        .podDisruptionBudget()
                                        .inNamespace(ns)
                                        .withName("enseada")
                                        .get()
                                != null
                        && client.secrets()
                                        .inNamespace(ns)
                                        .withName("enseada-token-signing-key")
                                        .get()
                                != null);
        String uid = registry().getMetadata().getUid();
        List<HasMetadata> produced = List.of(
                deployment(),
                client.configMaps().inNamespace(ns).withName("enseada-config").get(),
                client.services().inNamespace(ns).withName("enseada").get(),
                client.network()
                        .v1()
                        .ingresses()
                        .inNamespace(ns)
                        .withName("enseada")
                        .get(),
                client.policy()
                        .v1()
                        .podDisruptionBudget()
                        .inNamespace(ns)
                        .withName("enseada")
                        .get(),
                client.secrets()
                        .inNamespace(ns)
                        .withName("enseada-token-signing-key")
                        .get());
        for (HasMetadata object : produced) {
            assertThat(object.getMetadata().getOwnerReferences())
                    .as("%s %s", object.getKind(), object.getMetadata().getName())
                    .singleElement()
                    .satisfies(owner -> {
                        assertThat(owner.getKind()).isEqualTo("Registry");
                        assertThat(owner.getName()).isEqualTo("enseada");
                        assertThat(owner.getUid()).isEqualTo(uid);
                        assertThat(owner.getController()).isTrue();
                        assertThat(owner.getBlockOwnerDeletion()).isTrue();
                    });
        }
    }

    @Test
    void aClaimCreatedAfterItsRegistryIsNoticedAtOnce() {
        Registry onDisk = new Registry();
        onDisk.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                .withName("ondisk")
                .withNamespace(ns)
                .build());
        onDisk.setSpec(new RegistrySpec(
                null,
                1,
                null,
                null,
                new RegistrySpec.StorageSpec(null, new RegistrySpec.FilesystemSpec("later")),
                new RegistrySpec.CouchDbSpec("http://couchdb:5984", null, null),
                null,
                null,
                null,
                null,
                null));
        client.resource(onDisk).create();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Conditions.find(
                                statusOf("ondisk").getConditions(), RegistryStatusAggregator.CONFIGURATION_VALID)
                        .filter(c -> c.getReason().equals("ClaimNotFound"))
                        .isPresent());
        assertThat(client.apps()
                        .deployments()
                        .inNamespace(ns)
                        .withName("ondisk")
                        .get())
                .isNull();

        // the resync is ten minutes away: only the watch on claims can bring the Deployment
        createClaim("later");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> client.apps()
                                .deployments()
                                .inNamespace(ns)
                                .withName("ondisk")
                                .get()
                        != null);
        assertThat(client.apps()
                        .deployments()
                        .inNamespace(ns)
                        .withName("ondisk")
                        .get()
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getVolumes())
                .anySatisfy(v -> assertThat(
                                v.getPersistentVolumeClaim() == null
                                        ? null
                                        : v.getPersistentVolumeClaim().getClaimName())
                        .isEqualTo("later"));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Conditions.isTrue(
                        statusOf("ondisk").getConditions(), RegistryStatusAggregator.CONFIGURATION_VALID));
    }

    @Test
    void aRegistryWithoutAnAdminPasswordGetsAGeneratedOneInASecretItOwns() {
        Registry bare = new Registry();
        bare.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                .withName("bare")
                .withNamespace(ns)
                .build());
        bare.setSpec(new RegistrySpec(
                null,
                1,
                null,
                null,
                new RegistrySpec.StorageSpec(new RegistrySpec.S3Spec("blobs", null, null, null, null, null), null),
                new RegistrySpec.CouchDbSpec("http://couchdb:5984", null, null),
                null,
                null,
                null,
                null,
                null));
        client.resource(bare).create();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> client.apps()
                                        .deployments()
                                        .inNamespace(ns)
                                        .withName("bare")
                                        .get()
                                != null
                        && client.secrets()
                                        .inNamespace(ns)
                                        .withName("bare-admin-password")
                                        .get()
                                != null);
        Secret generated =
                client.secrets().inNamespace(ns).withName("bare-admin-password").get();
        String password = SecretValues.get(generated, "password").orElseThrow();
        assertThat(password).hasSize(64).matches("[A-Za-z0-9_-]+");
        assertThat(generated.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(owner -> assertThat(owner.getName()).isEqualTo("bare"));
        EnvVar admin = client
                .apps()
                .deployments()
                .inNamespace(ns)
                .withName("bare")
                .get()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getEnv()
                .stream()
                .filter(e -> e.getName().equals("ENSEADA_ADMIN_PASSWORD"))
                .findFirst()
                .orElseThrow();
        assertThat(admin.getValueFrom().getSecretKeyRef().getName()).isEqualTo("bare-admin-password");
        assertThat(admin.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");

        // kept: a later reconcile does not change it
        cluster.edit(Registry.class, "bare", r -> {
            RegistrySpec s = r.getSpec();
            r.setSpec(new RegistrySpec(
                    s.image(),
                    2,
                    s.resources(),
                    s.publicUrl(),
                    s.storage(),
                    s.couchdb(),
                    s.tls(),
                    s.tokenSigningKey(),
                    s.adminPassword(),
                    s.ingress(),
                    s.logFormat()));
            return r;
        });
        await().atMost(Duration.ofSeconds(20))
                .until(() -> client.apps()
                                .deployments()
                                .inNamespace(ns)
                                .withName("bare")
                                .get()
                                .getSpec()
                                .getReplicas()
                        == 2);
        assertThat(SecretValues.get(
                        client.secrets()
                                .inNamespace(ns)
                                .withName("bare-admin-password")
                                .get(),
                        "password"))
                .contains(password);
        // the sample names its own Secret: nothing is generated for it
        assertThat(client.secrets()
                        .inNamespace(ns)
                        .withName("enseada-admin-password")
                        .get())
                .isNull();
    }

    @Test
    void aNewImageRollsThePodsOneByOneAndTheRegistryIsAvailableOnceTheyAreReady() {
        await().atMost(Duration.ofSeconds(20)).until(() -> deployment() != null);
        var strategy = deployment().getSpec().getStrategy();
        assertThat(strategy.getType()).isEqualTo("RollingUpdate");
        assertThat(strategy.getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
        assertThat(strategy.getRollingUpdate().getMaxSurge().getIntVal()).isEqualTo(1);
        awaitAvailableOnceReported(3);

        cluster.edit(Registry.class, "enseada", r -> {
            RegistrySpec s = r.getSpec();
            r.setSpec(new RegistrySpec(
                    "registry.example.com/enseada/registry:0.2.0",
                    s.replicas(),
                    s.resources(),
                    s.publicUrl(),
                    s.storage(),
                    s.couchdb(),
                    s.tls(),
                    s.tokenSigningKey(),
                    s.adminPassword(),
                    s.ingress(),
                    s.logFormat()));
            return r;
        });
        await().atMost(Duration.ofSeconds(20))
                .until(() -> deployment()
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage()
                        .equals("registry.example.com/enseada/registry:0.2.0"));
        // the old pods still serve while the new ones start: not Available until the rollout is done
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Conditions.find(statusOf("enseada").getConditions(), RegistryStatusAggregator.AVAILABLE)
                        .filter(c ->
                                c.getStatus().equals("False") && c.getReason().equals("Progressing"))
                        .isPresent());
        new RegistryPods(client, ns, "enseada").report(3, 1);
        assertThat(Conditions.isTrue(statusOf("enseada").getConditions(), RegistryStatusAggregator.AVAILABLE))
                .isFalse();
        awaitAvailableOnceReported(3);
        // a rollout is news, not trouble
        await().atMost(Duration.ofSeconds(20))
                .until(() -> cluster.events("Registry", "enseada").stream()
                        .anyMatch(e -> e.startsWith("Normal MinimumReplicasAvailable: 3/3 registry pods ready")));
        assertThat(cluster.events("Registry", "enseada"))
                .anyMatch(e -> e.startsWith("Normal Progressing: "))
                .noneMatch(e -> e.startsWith("Warning Progressing"));
    }

    private void awaitAvailableOnceReported(int pods) {
        new RegistryPods(client, ns, "enseada")
                .reportReadyUntil(
                        pods,
                        Duration.ofSeconds(20),
                        () -> Conditions.isTrue(
                                statusOf("enseada").getConditions(), RegistryStatusAggregator.AVAILABLE));
    }

    private RegistryStatus statusOf(String name) {
        Registry registry =
                client.resources(Registry.class).inNamespace(ns).withName(name).get();
        return registry == null || registry.getStatus() == null ? new RegistryStatus() : registry.getStatus();
    }

    @Test
    void everyVariableTheDeploymentSetsIsASettingTheRegistryKnows() {
        await().atMost(Duration.ofSeconds(20)).until(() -> deployment() != null);
        // the registry's SettingTest keeps one of its settings per shared name
        Set<String> known = RegistrySettingName.variables();
        List<String> used = new java.util.ArrayList<>(client.configMaps()
                .inNamespace(ns)
                .withName("enseada-config")
                .get()
                .getData()
                .keySet());
        deployment()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getEnv()
                .forEach(e -> used.add(e.getName()));
        assertThat(known).hasSizeGreaterThan(20);
        assertThat(used).isSubsetOf(known);
    }
}
