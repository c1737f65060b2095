package io.enseada.operator.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.operator.common.Conditions;
import io.enseada.operator.common.ObjectReference;
import io.enseada.operator.registry.CouchDbRegistryStores;
import io.enseada.operator.repository.RepositoryResourceSpec.MavenSpec;
import io.enseada.operator.repository.RepositoryResourceSpec.ProxySpec;
import io.enseada.operator.testing.OperatorHarness;
import io.enseada.operator.testing.TestCluster;
import io.enseada.shared.json.Json;
import io.enseada.shared.model.DocumentIds;
import io.enseada.shared.model.Format;
import io.enseada.shared.model.RepositoryKind;
import io.enseada.shared.model.RepositoryLifecycle;
import io.enseada.shared.model.VersionPolicy;
import io.enseada.shared.store.DocumentStore;
import io.enseada.shared.testing.PouchDbServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Repository's retention and quota: refused by the API server where they do nothing, written
 * into the repository document where they apply; and the registry's report of its last storage
 * lifecycle run ({@code lifecycle:<name>}) shown in the status. The refusals need the real API
 * server (the fabric8 mock checks no schema); the rest runs on both.
 */
class RepositoryRetentionIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PASSWORD = "upstream-password-" + System.nanoTime();

    @RegisterExtension
    static final PouchDbServer COUCHDB = PouchDbServer.inMemory().withAdmin("enseada", "change-me");

    @RegisterExtension
    final TestCluster cluster = new TestCluster();

    private final ObjectMapper json = Json.newMapper();
    private KubernetesClient client;
    private String ns;
    private OperatorHarness operator;
    private CouchDbRegistryStores stores;
    private DocumentStore database;

    @BeforeEach
    void start() {
        client = cluster.client();
        ns = cluster.namespace();
        String databaseName = "enseada" + System.nanoTime();
        stores = new CouchDbRegistryStores(client, json);
        operator = OperatorHarness.start(cluster, stores, Duration.ofSeconds(3));
        OperatorHarness.applySamples(
                cluster,
                OperatorHarness.couchDbAt(COUCHDB.url(), databaseName),
                "00-secrets.yaml",
                "registry.yaml",
                "repository-oci.yaml");
        database = OperatorHarness.sampleDatabase(COUCHDB.url(), databaseName);
    }

    @AfterEach
    void stop() {
        operator.close();
        stores.close();
        database.close();
    }

    private static RetentionSpec retention(
            Integer keepTags,
            List<String> keepTagPatterns,
            Integer keepSnapshots,
            String versionsOlderThan,
            String unusedFor) {
        return new RetentionSpec(
                keepTags, keepTagPatterns, null, null, keepSnapshots, null, null, versionsOlderThan, unusedFor);
    }

    private Repository repository(
            String name, Format format, RepositoryKind kind, MavenSpec maven, RetentionSpec retention, String quota) {
        ProxySpec proxy = kind == RepositoryKind.PROXY ? new ProxySpec("http://127.0.0.1:9/", null, null, null) : null;
        RepositoryResourceSpec.GroupSpec group =
                kind == RepositoryKind.GROUP ? new RepositoryResourceSpec.GroupSpec(List.of("containers")) : null;
        return Repositories.repository(
                ns,
                name,
                new RepositoryResourceSpec(
                        new ObjectReference(Repositories.REGISTRY),
                        null,
                        format,
                        null,
                        maven,
                        null,
                        kind,
                        proxy,
                        group,
                        retention,
                        quota));
    }

    /** What the API server answers to creating {@code repository}: empty when it is accepted. */
    private Optional<String> refusal(Repository repository) {
        KubernetesClientException refused = catchThrowableOfType(
                KubernetesClientException.class,
                () -> client.resource(repository).create());
        if (refused == null) {
            return Optional.empty();
        }
        assertThat(refused.getCode()).as(refused.getMessage()).isEqualTo(422);
        return Optional.of(refused.getMessage());
    }

    private Repository current(String name) {
        return client.resources(Repository.class).inNamespace(ns).withName(name).get();
    }

    private Optional<ObjectNode> document(String id) {
        return database.get(id).map(d -> d.body());
    }

    private String summary(String repository, String type) {
        Repository current = current(repository);
        return current == null || current.getStatus() == null
                ? ""
                : Conditions.find(current.getStatus().getConditions(), type)
                        .map(c -> c.getStatus() + " " + c.getReason() + ": " + c.getMessage())
                        .orElse("");
    }

    @Test
    void theApiServerRefusesRetentionKeysAndAQuotaWhereTheyDoNothing() {
        CustomResourceDefinition crd = client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("repositories.enseada.io")
                .get();
        JSONSchemaProps spec = crd.getSpec()
                .getVersions()
                .get(0)
                .getSchema()
                .getOpenAPIV3Schema()
                .getProperties()
                .get("spec");
        assertThat(spec.getProperties()).containsKeys("retention", "quota");
        assertThat(spec.getXKubernetesValidations())
                .extracting(ValidationRule::getMessage)
                .contains(
                        "retention.keepTags applies only to hosted oci repositories",
                        "retention.versionsOlderThan applies only to hosted npm repositories",
                        "retention.unusedFor applies only to proxy repositories");
        if (!cluster.isReal()) {
            // the fabric8 mock evaluates no CEL rule; that the API server refuses is proven on the real one (CI)
            return;
        }
        MavenSpec release = new MavenSpec(VersionPolicy.RELEASE, null);
        MavenSpec mixed = new MavenSpec(VersionPolicy.MIXED, null);

        assertThat(refusal(repository(
                        "maven-tags", Format.MAVEN, null, mixed, retention(5, null, null, null, null), null)))
                .hasValueSatisfying(m -> assertThat(m)
                        .contains("spec: Invalid value: \"object\": retention.keepTags applies only to hosted oci"
                                + " repositories"));
        assertThat(refusal(repository(
                        "releases-kept", Format.MAVEN, null, release, retention(null, null, 3, null, null), null)))
                .hasValueSatisfying(m -> assertThat(m)
                        .contains("retention.keepSnapshots applies only to hosted maven repositories whose"
                                + " versionPolicy is snapshot or mixed"));
        // no versionPolicy is release
        assertThat(refusal(repository(
                        "default-policy", Format.MAVEN, null, null, retention(null, null, 3, null, null), null)))
                .hasValueSatisfying(m -> assertThat(m).contains("retention.keepSnapshots applies only"));
        assertThat(refusal(repository(
                        "oci-versions", Format.OCI, null, null, retention(null, null, null, "P30D", null), null)))
                .hasValueSatisfying(m ->
                        assertThat(m).contains("retention.versionsOlderThan applies only to hosted npm repositories"));
        assertThat(refusal(repository(
                        "hosted-unused", Format.NPM, null, null, retention(null, null, null, null, "P30D"), null)))
                .hasValueSatisfying(
                        m -> assertThat(m).contains("retention.unusedFor applies only to proxy repositories"));
        assertThat(refusal(repository("proxy-quota", Format.NPM, RepositoryKind.PROXY, null, null, "10Gi")))
                .hasValueSatisfying(m -> assertThat(m)
                        .contains("spec: Invalid value: \"object\": quota applies only to hosted repositories,"
                                + " whose clients write to them"));
        assertThat(refusal(repository(
                        "group-kept",
                        Format.OCI,
                        RepositoryKind.GROUP,
                        null,
                        retention(null, null, null, null, null),
                        null)))
                .hasValueSatisfying(m -> assertThat(m).contains("retention applies to no group repository"));
        // the schema's own bounds
        assertThat(refusal(repository("zero-tags", Format.OCI, null, null, retention(0, null, null, null, null), null)))
                .hasValueSatisfying(
                        m -> assertThat(m).contains("spec.retention.keepTags", "greater than or equal to 1"));
        assertThat(refusal(repository("gigabytes", Format.OCI, null, null, null, "10GB")))
                .hasValueSatisfying(m -> assertThat(m).contains("spec.quota: Invalid value: \"10GB\""));
        assertThat(refusal(repository(
                        "many-patterns",
                        Format.OCI,
                        null,
                        null,
                        retention(null, Collections.nCopies(33, "v*"), null, null, null),
                        null)))
                .hasValueSatisfying(m -> assertThat(m).contains("spec.retention.keepTagPatterns: Too many: 33"));
        assertThat(refusal(repository(
                        "empty-pattern", Format.OCI, null, null, retention(null, List.of(""), null, null, null), null)))
                .hasValueSatisfying(m -> assertThat(m).contains("spec.retention.keepTagPatterns[0]"));

        // where they apply, they are taken
        assertThat(refusal(repository(
                        "snapshots", Format.MAVEN, null, mixed, retention(null, null, 3, null, null), "10Gi")))
                .isEmpty();
        assertThat(refusal(
                        repository("npm", Format.NPM, null, null, retention(null, null, null, "P365D", null), "5Gi")))
                .isEmpty();
        assertThat(refusal(repository(
                        "npmjs",
                        Format.NPM,
                        RepositoryKind.PROXY,
                        null,
                        retention(null, null, null, null, "P90D"),
                        null)))
                .isEmpty();
        // and a change that makes a key pointless is refused too
        KubernetesClientException edit = catchThrowableOfType(
                KubernetesClientException.class,
                () -> client.resources(Repository.class)
                        .inNamespace(ns)
                        .withName("snapshots")
                        .patch(
                                PatchContext.of(PatchType.JSON_MERGE),
                                "{\"spec\":{\"maven\":{\"versionPolicy\":\"release\"}}}"));
        assertThat(edit).isNotNull();
        assertThat(edit.getMessage()).contains("retention.keepSnapshots applies only to hosted maven repositories");
    }

    @Test
    void theSampleRetentionAndQuotaReachTheRepositoryDocument() {
        await().atMost(WAIT).until(() -> document("repository:containers").isPresent());
        ObjectNode document = document("repository:containers").orElseThrow();
        assertThat(document.at("/retention/keepTags").asInt()).isEqualTo(20);
        assertThat(document.at("/retention/keepTagPatterns").toString()).isEqualTo("[\"latest\",\"v*\"]");
        assertThat(document.at("/retention/untaggedOlderThan").asText()).isEqualTo("PT168H");
        assertThat(document.at("/quota").asText()).isEqualTo("50Gi");
        // the registry reads it back into its model
        assertThat(json.convertValue(document, io.enseada.shared.model.RepositorySpec.class)
                        .quota()
                        .bytes())
                .isEqualTo(50L << 30);
        await().atMost(WAIT)
                .until(() -> summary("containers", Conditions.READY).equals("True Reconciled: all conditions hold"));

        // a proxy's unusedFor, beside its upstream's credentials, which its status never shows
        client.resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
                        .withNewMetadata()
                        .withName("cache-upstream")
                        .withNamespace(ns)
                        .endMetadata()
                        .addToStringData("username", "puller")
                        .addToStringData("password", PASSWORD)
                        .build())
                .create();
        Repository cache = repository(
                "cache", Format.NPM, RepositoryKind.PROXY, null, retention(null, null, null, null, "P90D"), null);
        RepositoryResourceSpec s = cache.getSpec();
        cache.setSpec(new RepositoryResourceSpec(
                s.registryRef(),
                s.name(),
                s.format(),
                s.visibility(),
                s.maven(),
                s.deletionPolicy(),
                s.kind(),
                new ProxySpec(
                        "http://127.0.0.1:9/",
                        new RepositoryResourceSpec.CredentialsSpec("cache-upstream"),
                        null,
                        null),
                s.group(),
                s.retention(),
                s.quota()));
        client.resource(cache).create();
        await().atMost(WAIT).until(() -> document("repository:cache").isPresent());
        assertThat(document("repository:cache")
                        .orElseThrow()
                        .at("/retention/unusedFor")
                        .asText())
                .isEqualTo("PT2160H");
        writeLifecycle("cache", new RepositoryLifecycle(Instant.now(), 2, 1024, 4096, null));
        await().atMost(WAIT).until(() -> current("cache").getStatus().getLifecycle() != null);
        assertThat(client.getKubernetesSerialization().asJson(current("cache"))).doesNotContain(PASSWORD);
    }

    @Test
    void aValueTheModelRefusesIsAnInvalidSpecInTheModelsWords() {
        client.resource(repository("zero", Format.OCI, null, null, null, "0")).create();
        client.resource(repository(
                        "instant",
                        Format.OCI,
                        null,
                        null,
                        new RetentionSpec(null, null, "PT0S", null, null, null, null, null, null),
                        null))
                .create();

        await().atMost(WAIT)
                .until(() -> summary("zero", RepositoryReconciler.SYNCED)
                        .equals("False InvalidSpec: quota must be at least one byte, not 0"));
        await().atMost(WAIT)
                .until(() -> summary("instant", RepositoryReconciler.SYNCED)
                        .equals("False InvalidSpec: retention.tagsOlderThan must be a duration above PT0S and at most"
                                + " P36500D, not PT0S"));
        assertThat(summary("zero", Conditions.READY)).startsWith("False InvalidSpec");
        assertThat(document("repository:zero")).isEmpty();
        assertThat(document("repository:instant")).isEmpty();

        cluster.edit(Repository.class, "zero", r -> {
            RepositoryResourceSpec s = r.getSpec();
            r.setSpec(new RepositoryResourceSpec(
                    s.registryRef(),
                    s.name(),
                    s.format(),
                    s.visibility(),
                    s.maven(),
                    s.deletionPolicy(),
                    s.kind(),
                    s.proxy(),
                    s.group(),
                    s.retention(),
                    "1Ki"));
            return r;
        });
        await().atMost(WAIT)
                .until(() -> document("repository:zero")
                        .map(d -> d.path("quota").asText())
                        .orElse("")
                        .equals("1Ki"));
    }

    private void writeLifecycle(String repository, RepositoryLifecycle lifecycle) {
        // as the registry writes it after a real run (registry's lifecycle.LifecycleStatuses)
        database.update(DocumentIds.lifecycle(repository), current -> json.valueToTree(lifecycle));
    }

    @Test
    void theRegistrysLifecycleReportShowsInTheStatusAtTheNextResync() {
        await().atMost(WAIT)
                .until(() -> summary("containers", Conditions.READY).equals("True Reconciled: all conditions hold"));
        assertThat(current("containers").getStatus().getLifecycle()).isNull();
        assertThat(summary("containers", RepositoryStatusAggregator.LIFECYCLE_SUCCEEDED))
                .isEmpty();

        Instant run = Instant.parse("2026-12-03T14:00:05.123Z");
        writeLifecycle("containers", new RepositoryLifecycle(run, 12, 181_403_721, 5_368_709_120L, null));
        await().atMost(WAIT).until(() -> current("containers").getStatus().getLifecycle() != null);
        RepositoryStatus status = current("containers").getStatus();
        assertThat(status.getLifecycle())
                .isEqualTo(new LifecycleSummary("2026-12-03T14:00:05.123Z", 12L, 181_403_721L, 5_368_709_120L));
        assertThat(summary("containers", RepositoryStatusAggregator.LIFECYCLE_SUCCEEDED))
                .isEqualTo("True RunCompleted: the storage lifecycle run of 2026-12-03T14:00:05.123Z removed 12"
                        + " items and freed 181403721 bytes");
        // as kubectl shows it: the status subresource stored the numbers as the schema declares them
        var raw = client.genericKubernetesResources("enseada.io/v1alpha1", "Repository")
                .inNamespace(ns)
                .withName("containers")
                .get();
        assertThat(json.valueToTree(raw.getAdditionalProperties().get("status"))
                        .at("/lifecycle/usedBytes")
                        .asLong())
                .isEqualTo(5_368_709_120L);

        writeLifecycle(
                "containers",
                new RepositoryLifecycle(
                        run.plusSeconds(3600), 0, 0, 5_368_709_120L, "retention of containers: the store timed out"));
        await().atMost(WAIT)
                .until(() -> summary("containers", RepositoryStatusAggregator.LIFECYCLE_SUCCEEDED)
                        .equals("False RetentionFailed: retention of containers: the store timed out"));
        Repository failed = current("containers");
        assertThat(failed.getStatus().getLifecycle().lastRun()).isEqualTo("2026-12-03T15:00:05.123Z");
        // a failed retention leaves the repository serving what it holds
        assertThat(summary("containers", Conditions.READY)).isEqualTo("True Reconciled: all conditions hold");
        assertThat(failed.getStatus().getConditions())
                .extracting(Condition::getType)
                .containsExactly("RegistryFound", "Synced", "LifecycleSucceeded", "Ready");
    }
}
