package io.enseada.operator.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.enseada.operator.common.Conditions;
import io.enseada.operator.testing.OperatorHarness;
import io.enseada.operator.testing.RegistryPods;
import io.enseada.operator.testing.TestCluster;
import io.enseada.shared.json.Json;
import io.enseada.shared.testing.PouchDbServer;
import io.enseada.shared.testing.S3ProxyServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code StorageReady} of a Registry against the test's API server (real or mock,
 * {@link TestCluster}), a real S3 API (S3Proxy, accepting the samples' access key) and a
 * pouchdb-server for the database: the sample Registry, pointed at both, with its credentials
 * right, wrong and missing, its bucket missing, its endpoint down and back; and filesystem storage
 * on a claim that binds later.
 */
class RegistryStorageIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Long enough that only a watch (or a retry) can explain a change within {@link #WAIT}. */
    private static final Duration NO_RESYNC = Duration.ofMinutes(10);

    private static final String SAMPLE_ACCESS_KEY_ID = "enseada";
    private static final String SAMPLE_SECRET_ACCESS_KEY = "change-me";
    private static final String WRONG_SECRET_ACCESS_KEY = "wrong-secret-key";

    @RegisterExtension
    static final PouchDbServer COUCHDB = PouchDbServer.inMemory().withAdmin("enseada", "change-me");

    @RegisterExtension
    final TestCluster cluster = new TestCluster();

    private final TransientNio2BlobStore objects = new TransientNio2BlobStore();
    private KubernetesClient client;
    private String ns;
    private S3ProxyServer s3;
    private CouchDbRegistryStores stores;
    private OperatorHarness operator;
    private RegistryPods pods;

    @BeforeEach
    void startS3() throws Exception {
        client = cluster.client();
        ns = cluster.namespace();
        s3 = S3ProxyServer.startWithBucket(objects, SAMPLE_ACCESS_KEY_ID, SAMPLE_SECRET_ACCESS_KEY);
        stores = new CouchDbRegistryStores(client, Json.newMapper());
        pods = new RegistryPods(client, ns, "enseada");
    }

    @AfterEach
    void stop() throws Exception {
        if (operator != null) {
            operator.close();
        }
        stores.close();
        s3.close();
    }

    /** The operator with this resync, and the sample Registry and its Secrets, pointed at S3Proxy and pouchdb-server. */
    private void startWithTheSample(Duration resync) {
        operator = OperatorHarness.start(cluster, stores, resync);
        var couchDb = OperatorHarness.couchDbAt(COUCHDB.url(), "enseada" + System.nanoTime());
        var bucket = OperatorHarness.s3At(s3.endpoint());
        OperatorHarness.applySamples(
                cluster, object -> bucket.apply(couchDb.apply(object)), "00-secrets.yaml", "registry.yaml");
    }

    private RegistryStatus statusOf(String name) {
        Registry registry =
                client.resources(Registry.class).inNamespace(ns).withName(name).get();
        return registry == null || registry.getStatus() == null ? new RegistryStatus() : registry.getStatus();
    }

    private Optional<Condition> condition(String registry, String type) {
        return Conditions.find(statusOf(registry).getConditions(), type);
    }

    private Condition awaitCondition(String registry, String type, String status, String reason) {
        return await().atMost(WAIT)
                .until(
                        () -> condition(registry, type).orElse(null),
                        c -> c != null && status.equals(c.getStatus()) && reason.equals(c.getReason()));
    }

    private Condition awaitStorage(String status, String reason) {
        return awaitCondition("enseada", RegistryStatusAggregator.STORAGE_READY, status, reason);
    }

    /** Three ready pods reported, until the sample Registry is Ready. */
    private void awaitReady() {
        pods.reportReadyUntil(
                3, WAIT, () -> Conditions.isTrue(statusOf("enseada").getConditions(), Conditions.READY));
    }

    private void awaitEvent(String name, Predicate<String> event) {
        await().atMost(WAIT)
                .until(() -> cluster.events("Registry", name).stream().anyMatch(event));
    }

    private void setSecretAccessKey(String value) {
        cluster.edit(Secret.class, "enseada-s3", secret -> {
            secret.setData(null);
            secret.setStringData(Map.of("accessKeyId", SAMPLE_ACCESS_KEY_ID, "secretAccessKey", value));
            return secret;
        });
    }

    private String where() {
        return "bucket enseada-blobs at " + s3.endpoint();
    }

    @Test
    void theSampleWithTheRightCredentialsIsStorageReadyAndReady() {
        startWithTheSample(NO_RESYNC);
        Condition storage = awaitStorage("True", "BucketAvailable");
        assertThat(storage.getMessage()).isEqualTo(where() + " answers with the credentials of Secret enseada-s3");
        assertThat(storage.getObservedGeneration())
                .isEqualTo(client.resources(Registry.class)
                        .inNamespace(ns)
                        .withName("enseada")
                        .get()
                        .getMetadata()
                        .getGeneration());
        awaitReady();
        assertThat(condition("enseada", Conditions.READY).orElseThrow().getReason())
                .isEqualTo("Reconciled");
        // True from the start is no news
        assertThat(cluster.events("Registry", "enseada")).noneMatch(e -> e.contains("BucketAvailable"));
    }

    @Test
    void aWrongSecretKeyIsAccessDeniedAndTheSecretsRepairIsNoticedAtOnce() {
        startWithTheSample(NO_RESYNC);
        awaitStorage("True", "BucketAvailable");
        awaitReady();
        String configHash = deployment()
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations()
                .get(RegistryNames.CONFIG_HASH_ANNOTATION);

        setSecretAccessKey(WRONG_SECRET_ACCESS_KEY);
        Condition storage = awaitStorage("False", "AccessDenied");
        assertThat(storage.getMessage())
                .startsWith(where()
                        + " refuses access with the credentials of Secret enseada-s3: 403 SignatureDoesNotMatch");
        // the rest of the reconcile went on: the pods roll to the changed Secret
        assertThat(deployment()
                        .getSpec()
                        .getTemplate()
                        .getMetadata()
                        .getAnnotations()
                        .get(RegistryNames.CONFIG_HASH_ANNOTATION))
                .isNotEqualTo(configHash);
        pods.reportReadyUntil(
                3,
                WAIT,
                () -> Conditions.isTrue(statusOf("enseada").getConditions(), RegistryStatusAggregator.AVAILABLE));
        Condition ready = condition("enseada", Conditions.READY).orElseThrow();
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("AccessDenied");
        assertThat(Serialization.asJson(statusOf("enseada")))
                .doesNotContain(WRONG_SECRET_ACCESS_KEY)
                .doesNotContain(SAMPLE_SECRET_ACCESS_KEY);
        awaitEvent("enseada", e -> e.startsWith("Warning AccessDenied: " + where() + " refuses access"));
        if (cluster.isReal()) {
            String wide = kubectl("get", "registries", "-o", "wide");
            assertThat(wide.lines()
                            .filter(line -> line.startsWith("enseada "))
                            .findFirst()
                            .orElseThrow())
                    .matches("enseada\\s+False\\s+AccessDenied\\s+3\\s+https://registry\\.example\\.com\\s+\\S+\\s+"
                            + java.util.regex.Pattern.quote(
                                    where()
                                            + " refuses access with the credentials of Secret enseada-s3: 403 SignatureDoesNotMatch")
                            + ".*");
            capture("kubectl-get-wide-access-denied.txt", wide);
        }

        setSecretAccessKey(SAMPLE_SECRET_ACCESS_KEY);
        awaitStorage("True", "BucketAvailable");
        awaitReady();
        awaitEvent(
                "enseada",
                e -> e.equals(
                        "Normal BucketAvailable: " + where() + " answers with the credentials of Secret enseada-s3"));
        assertThat(cluster.events("Registry", "enseada"))
                .noneMatch(e -> e.contains(WRONG_SECRET_ACCESS_KEY) || e.contains(SAMPLE_SECRET_ACCESS_KEY));
        if (cluster.isReal()) {
            String described = kubectl("describe", "registry", "enseada");
            assertThat(described)
                    .contains("Warning  AccessDenied")
                    .contains("Normal   BucketAvailable")
                    .doesNotContain(WRONG_SECRET_ACCESS_KEY)
                    .doesNotContain(SAMPLE_SECRET_ACCESS_KEY);
            capture("describe-registry-access-denied.txt", described);
        }
    }

    /** kubectl's output, in this test's namespace, on the real API server. */
    private String kubectl(String... args) {
        String[] all = java.util.stream.Stream.concat(
                        java.util.Arrays.stream(args), java.util.stream.Stream.of("--namespace", ns))
                .toArray(String[]::new);
        var result = cluster.controlPlane().kubectl(all);
        assertThat(result.exit()).as(result.output()).isZero();
        return result.output();
    }

    /** What kubectl showed, for the README (target/storage-ready/). */
    private static void capture(String file, String output) {
        try {
            java.nio.file.Path dir =
                    java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "storage-ready"));
            java.nio.file.Files.writeString(dir.resolve(file), output);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aMissingBucketIsBucketNotFoundAndFoundOnceItIsCreated() {
        startWithTheSample(NO_RESYNC);
        awaitStorage("True", "BucketAvailable");
        cluster.edit(Registry.class, "enseada", r -> {
            RegistrySpec s = r.getSpec();
            RegistrySpec.S3Spec bucket = s.storage().s3();
            r.setSpec(new RegistrySpec(
                    s.image(),
                    s.replicas(),
                    s.resources(),
                    s.publicUrl(),
                    new RegistrySpec.StorageSpec(
                            new RegistrySpec.S3Spec(
                                    "later-bucket",
                                    bucket.endpoint(),
                                    bucket.region(),
                                    bucket.pathStyle(),
                                    bucket.prefix(),
                                    bucket.credentials()),
                            null),
                    s.couchdb(),
                    s.tls(),
                    s.tokenSigningKey(),
                    s.adminPassword(),
                    s.ingress(),
                    s.logFormat()));
            return r;
        });
        Condition storage = awaitStorage("False", "BucketNotFound");
        assertThat(storage.getMessage())
                .isEqualTo("bucket later-bucket at " + s3.endpoint() + " does not exist: 404 NoSuchBucket"
                        + " (The specified bucket does not exist)");
        assertThat(condition("enseada", Conditions.READY).orElseThrow().getReason())
                .isEqualTo("BucketNotFound");
        // not blocked: the registry's settings name the new bucket
        await().atMost(WAIT)
                .until(() -> "later-bucket"
                        .equals(client.configMaps()
                                .inNamespace(ns)
                                .withName("enseada-config")
                                .get()
                                .getData()
                                .get("ENSEADA_S3_BUCKET")));
        awaitEvent("enseada", e -> e.startsWith("Warning BucketNotFound: bucket later-bucket"));

        // nothing in the cluster changes when a bucket is created: the retry finds it
        objects.createContainer("later-bucket");
        awaitStorage("True", "BucketAvailable");
    }

    @Test
    void anEndpointThatGoesDownIsUnreachableAtTheNextResyncAndStorageReadyAgainWhenItReturns() throws Exception {
        startWithTheSample(Duration.ofSeconds(3));
        awaitStorage("True", "BucketAvailable");
        awaitReady();
        int port = s3.port();
        String where = where();

        s3.close();
        Condition storage = awaitStorage("False", "Unreachable");
        assertThat(storage.getMessage())
                .startsWith(where + " does not answer: ")
                .contains("Connection refused");
        assertThat(condition("enseada", Conditions.READY).orElseThrow().getReason())
                .isEqualTo("Unreachable");
        awaitEvent("enseada", e -> e.startsWith("Warning Unreachable: " + where + " does not answer"));
        // the operator went on: the Deployment is as it was
        assertThat(deployment()).isNotNull();

        s3 = S3ProxyServer.start(objects, port, SAMPLE_ACCESS_KEY_ID, SAMPLE_SECRET_ACCESS_KEY);
        Instant back = Instant.now();
        awaitStorage("True", "BucketAvailable");
        System.out.println("StorageReady True again "
                + Duration.between(back, Instant.now()).toMillis() + " ms after S3 came back");
        awaitReady();
        awaitEvent("enseada", e -> e.startsWith("Normal BucketAvailable: "));
    }

    @Test
    void aMissingCredentialsSecretIsCredentialsMissingUntilItIsCreated() {
        startWithTheSample(NO_RESYNC);
        awaitStorage("True", "BucketAvailable");

        client.secrets().inNamespace(ns).withName("enseada-s3").delete();
        Condition storage = awaitStorage("False", "CredentialsMissing");
        assertThat(storage.getMessage())
                .isEqualTo("Secret enseada-s3 with the credentials of " + where() + " does not exist");

        client.resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("enseada-s3")
                        .withNamespace(ns)
                        .endMetadata()
                        .withStringData(Map.of("accessKeyId", SAMPLE_ACCESS_KEY_ID))
                        .build())
                .create();
        await().atMost(WAIT)
                .until(
                        () -> condition("enseada", RegistryStatusAggregator.STORAGE_READY)
                                .orElseThrow()
                                .getMessage(),
                        message -> message.equals(
                                "Secret enseada-s3 has no key secretAccessKey (the credentials of " + where() + ")"));

        setSecretAccessKey(SAMPLE_SECRET_ACCESS_KEY);
        awaitStorage("True", "BucketAvailable");
    }

    @Test
    void filesystemStorageIsReadyOnceItsClaimIsBound() {
        operator = OperatorHarness.start(cluster, stores, NO_RESYNC);
        OperatorHarness.applySamples(
                cluster, OperatorHarness.couchDbAt(COUCHDB.url(), "enseada" + System.nanoTime()), "00-secrets.yaml");
        client.persistentVolumeClaims()
                .inNamespace(ns)
                .resource(new PersistentVolumeClaimBuilder()
                        .withNewMetadata()
                        .withName("blobs")
                        .endMetadata()
                        .withNewSpec()
                        .withAccessModes("ReadWriteOnce")
                        .withVolumeName("pv-blobs")
                        .withNewResources()
                        .addToRequests("storage", new Quantity("1Gi"))
                        .endResources()
                        .endSpec()
                        .build())
                .create();
        Registry onDisk = new Registry();
        onDisk.setMetadata(
                new ObjectMetaBuilder().withName("ondisk").withNamespace(ns).build());
        onDisk.setSpec(new RegistrySpec(
                null,
                1,
                null,
                null,
                new RegistrySpec.StorageSpec(null, new RegistrySpec.FilesystemSpec("blobs")),
                new RegistrySpec.CouchDbSpec(
                        COUCHDB.url().toString(),
                        "ondisk" + System.nanoTime(),
                        new RegistrySpec.CouchDbCredentialsSpec("enseada-couchdb", null, null)),
                null,
                null,
                new io.enseada.operator.common.SecretKeyReference("enseada-admin", null),
                null,
                null));
        client.resource(onDisk).create();

        // not bound yet (the first pod may bind it): the Deployment is written, and that is news, not trouble
        Condition storage = awaitCondition("ondisk", RegistryStatusAggregator.STORAGE_READY, "False", "ClaimPending");
        assertThat(storage.getMessage()).isEqualTo("PersistentVolumeClaim blobs is not bound to a volume yet");
        await().atMost(WAIT)
                .until(() -> client.apps()
                                .deployments()
                                .inNamespace(ns)
                                .withName("ondisk")
                                .get()
                        != null);
        assertThat(condition("ondisk", RegistryStatusAggregator.DATABASE_READY)
                        .orElseThrow()
                        .getStatus())
                .isEqualTo("True");
        awaitEvent(
                "ondisk",
                e -> e.equals("Normal ClaimPending: PersistentVolumeClaim blobs is not bound to a volume yet"));

        // the resync is ten minutes away, and nothing is retried: the watch on claims brings the change
        setClaimPhase("Bound");
        storage = awaitCondition("ondisk", RegistryStatusAggregator.STORAGE_READY, "True", "ClaimBound");
        assertThat(storage.getMessage()).isEqualTo("PersistentVolumeClaim blobs is bound to volume pv-blobs");
        new RegistryPods(client, ns, "ondisk")
                .reportReadyUntil(
                        1, WAIT, () -> Conditions.isTrue(statusOf("ondisk").getConditions(), Conditions.READY));

        setClaimPhase("Lost");
        awaitCondition("ondisk", RegistryStatusAggregator.STORAGE_READY, "False", "ClaimLost");
        assertThat(condition("ondisk", Conditions.READY).orElseThrow().getReason())
                .isEqualTo("ClaimLost");
        awaitEvent(
                "ondisk", e -> e.equals("Warning ClaimLost: PersistentVolumeClaim blobs is Lost: its volume is gone"));
        assertThat(cluster.events("Registry", "ondisk")).noneMatch(e -> e.startsWith("Warning ClaimPending"));
    }

    private void setClaimPhase(String phase) {
        PersistentVolumeClaim claim = client.persistentVolumeClaims()
                .inNamespace(ns)
                .withName("blobs")
                .get();
        claim.setStatus(new io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder()
                .withPhase(phase)
                .withAccessModes("ReadWriteOnce")
                .addToCapacity("storage", new Quantity("1Gi"))
                .build());
        client.persistentVolumeClaims().inNamespace(ns).resource(claim).updateStatus();
    }

    private Deployment deployment() {
        return client.apps().deployments().inNamespace(ns).withName("enseada").get();
    }
}
