package io.enseada.operator.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.operator.common.Conditions;
import io.enseada.operator.registry.CouchDbRegistryStores;
import io.enseada.operator.registry.Registry;
import io.enseada.operator.registry.RegistryStatusAggregator;
import io.enseada.operator.testing.OperatorHarness;
import io.enseada.operator.testing.TestCluster;
import io.enseada.shared.json.Json;
import io.enseada.shared.model.RepositoryDeletion;
import io.enseada.shared.store.DocumentStore;
import io.enseada.shared.testing.PouchDbServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sample Registry and Repositories against the test's API server (real or mock, {@link io.enseada.operator.testing.TestCluster}) and a real
 * pouchdb-server standing in for CouchDB.
 */
class RepositoryReconcilerIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final PouchDbServer COUCHDB = PouchDbServer.inMemory().withAdmin("enseada", "change-me");

    @RegisterExtension
    final TestCluster cluster = new TestCluster();

    KubernetesClient client;
    private String ns;
    private OperatorHarness operator;
    private CouchDbRegistryStores stores;
    private DocumentStore database;
    private String databaseName;

    @BeforeEach
    void start() {
        client = cluster.client();
        ns = cluster.namespace();
        databaseName = "enseada" + System.nanoTime();
        stores = new CouchDbRegistryStores(client, Json.newMapper());
        operator = OperatorHarness.start(cluster, stores, Duration.ofSeconds(3));
        OperatorHarness.applySamples(
                cluster,
                OperatorHarness.couchDbAt(COUCHDB.url(), databaseName),
                "00-secrets.yaml",
                "registry.yaml",
                "repository-oci.yaml",
                "repository-maven.yaml",
                "repository-npm.yaml");
        database = OperatorHarness.sampleDatabase(COUCHDB.url(), databaseName);
    }

    @AfterEach
    void stop() {
        operator.close();
        stores.close();
        database.close();
    }

    private Repository repository(String name) {
        return client.resources(Repository.class).inNamespace(ns).withName(name).get();
    }

    private Optional<ObjectNode> document(String id) {
        return database.get(id).map(d -> d.body());
    }

    @Test
    void theSampleRepositoriesBecomeDocumentsWithUsageHints() {
        await().atMost(WAIT)
                .until(() -> document("repository:containers").isPresent()
                        && document("repository:releases").isPresent()
                        && document("repository:npm").isPresent());
        assertThat(document("repository:containers")
                        .orElseThrow()
                        .path("format")
                        .asText())
                .isEqualTo("oci");
        ObjectNode maven = document("repository:releases").orElseThrow();
        assertThat(maven.path("format").asText()).isEqualTo("maven");
        assertThat(maven.at("/maven/versionPolicy").asText()).isEqualTo("release");
        assertThat(maven.at("/maven/allowRedeploy").asBoolean(true)).isFalse();
        assertThat(document("repository:npm").orElseThrow().path("visibility").asText())
                .isEqualTo("public");

        await().atMost(WAIT)
                .until(() -> repository("npm").getStatus() != null
                        && Conditions.isTrue(repository("npm").getStatus().getConditions(), Conditions.READY));
        RepositoryStatus npm = repository("npm").getStatus();
        assertThat(npm.getObservedGeneration())
                .isEqualTo(repository("npm").getMetadata().getGeneration());
        assertThat(npm.getUrl()).isEqualTo("https://registry.example.com/npm/npm/");
        assertThat(npm.getUsage()).isEqualTo("registry=https://registry.example.com/npm/npm/");
        await().atMost(WAIT).until(() -> repository("containers").getStatus() != null);
        assertThat(repository("containers").getStatus().getUsage())
                .isEqualTo("docker push registry.example.com/containers/IMAGE:TAG");
        assertThat(repository("maven-releases").getStatus().getUrl())
                .isEqualTo("https://registry.example.com/maven/releases/");

        Registry registry = client.resources(Registry.class)
                .inNamespace(ns)
                .withName("enseada")
                .get();
        await().atMost(WAIT).until(() -> {
            Registry current = client.resources(Registry.class)
                    .inNamespace(ns)
                    .withName("enseada")
                    .get();
            return current.getStatus() != null
                    && Conditions.isTrue(current.getStatus().getConditions(), RegistryStatusAggregator.DATABASE_READY);
        });
        assertThat(registry).isNotNull();
    }

    @Test
    void editingARepositoryUpdatesItsDocumentAndDeletingItRemovesIt() {
        await().atMost(WAIT).until(() -> document("repository:npm").isPresent());
        // edit() carries the resourceVersion: let the operator's finalizer and status writes land first
        await().atMost(WAIT)
                .until(() -> repository("npm").getStatus() != null
                        && Conditions.isTrue(repository("npm").getStatus().getConditions(), Conditions.READY));
        cluster.edit(Repository.class, "npm", r -> {
            RepositoryResourceSpec s = r.getSpec();
            r.setSpec(new RepositoryResourceSpec(
                    s.registryRef(),
                    s.name(),
                    s.format(),
                    io.enseada.shared.model.Visibility.PRIVATE,
                    s.maven(),
                    s.deletionPolicy()));
            return r;
        });
        await().atMost(WAIT)
                .until(() -> document("repository:npm")
                        .map(d -> d.path("visibility").asText())
                        .orElse("")
                        .equals("private"));

        client.resources(Repository.class).inNamespace(ns).withName("npm").delete();
        await().atMost(WAIT).until(() -> document("repository:npm").isEmpty() && repository("npm") == null);
        assertThat(document("repository:containers")).isPresent();
    }

    @Test
    void withDeletionPolicyDeleteTheRegistryIsAskedToPurgeAndTheFinalizerHoldsUntilItHas() throws Exception {
        awaitReady("npm");
        cluster.edit(Repository.class, "npm", r -> {
            RepositoryResourceSpec s = r.getSpec();
            r.setSpec(new RepositoryResourceSpec(
                    s.registryRef(),
                    s.name(),
                    s.format(),
                    s.visibility(),
                    s.maven(),
                    RepositoryResourceSpec.DeletionPolicy.Delete));
            return r;
        });
        await().atMost(WAIT)
                .until(() -> repository("npm").getStatus().getObservedGeneration()
                        == repository("npm").getMetadata().getGeneration());

        client.resources(Repository.class).inNamespace(ns).withName("npm").delete();
        await().atMost(WAIT)
                .until(() -> document("repository:npm")
                        .map(RepositoryDeletion::isRequested)
                        .orElse(false));
        assertThat(document("repository:npm")
                        .orElseThrow()
                        .at("/deletion/requestedBy")
                        .asText())
                .isEqualTo("Repository/" + ns + "/npm");
        await().atMost(WAIT)
                .until(() -> Conditions.find(repository("npm").getStatus().getConditions(), RepositoryReconciler.PURGED)
                        .filter(c ->
                                c.getStatus().equals("False") && c.getReason().equals("WaitingForRegistry"))
                        .isPresent());
        assertThat(repository("npm").getStatus().getConditions())
                .extracting(c -> c.getType() + "=" + c.getStatus() + " " + c.getReason())
                .containsExactly(
                        "RegistryFound=True RegistryFound",
                        "Purged=False WaitingForRegistry",
                        "Ready=False WaitingForRegistry");

        // several polls later the resource still waits: nobody has purged yet
        Thread.sleep(RepositoryReconciler.PURGE_POLL.toMillis() + 1_000);
        assertThat(repository("npm")).isNotNull();
        assertThat(document("repository:npm")).isPresent();

        // the registry's part: it removes the content, then the repository document
        var requested = database.get("repository:npm").orElseThrow();
        database.delete(requested.id(), requested.rev());
        await().atMost(WAIT).until(() -> repository("npm") == null);
        assertThat(document("repository:npm")).isEmpty();
        assertThat(cluster.events("Repository", "npm"))
                .contains(
                        "Normal PurgeRequested: deletionPolicy Delete: the registry removes repository npm and its packages",
                        "Normal Purged: the registry removed repository npm and its packages");
        assertThat(document("repository:containers").map(RepositoryDeletion::isRequested))
                .contains(false);
    }

    @Test
    void withDeletionPolicyRetainTheDocumentIsRemovedAndTheResourceGoesAtOnce() {
        awaitReady("maven-releases");
        assertThat(repository("maven-releases").getSpec().deletionPolicy())
                .isEqualTo(RepositoryResourceSpec.DeletionPolicy.Retain);
        client.resources(Repository.class)
                .inNamespace(ns)
                .withName("maven-releases")
                .delete();
        await().atMost(WAIT)
                .until(() -> document("repository:releases").isEmpty() && repository("maven-releases") == null);
    }

    private void awaitReady(String name) {
        // edit() carries the resourceVersion: let the operator's finalizer and status writes land first
        await().atMost(WAIT)
                .until(() -> repository(name) != null
                        && repository(name).getStatus() != null
                        && Conditions.isTrue(repository(name).getStatus().getConditions(), Conditions.READY));
    }

    @Test
    void aDocumentChangedOrDeletedBehindTheOperatorsBackIsPutBack() {
        await().atMost(WAIT).until(() -> document("repository:containers").isPresent());
        database.update("repository:containers", body -> body.put("visibility", "public"));
        var npm = database.get("repository:npm").orElseThrow();
        database.delete(npm.id(), npm.rev());

        await().atMost(WAIT)
                .until(() -> document("repository:npm").isPresent()
                        && document("repository:containers")
                                .orElseThrow()
                                .path("visibility")
                                .asText()
                                .equals("private"));
    }

    @Test
    void aCouchDbOutageShowsAsAFalseConditionAndClearsWhenItIsBack() {
        await().atMost(WAIT)
                .until(() -> repository("containers").getStatus() != null
                        && Conditions.isTrue(
                                repository("containers").getStatus().getConditions(), Conditions.READY));
        COUCHDB.stop();
        try {
            await().atMost(WAIT).until(() -> {
                var synced = Conditions.find(
                        repository("containers").getStatus().getConditions(), RepositoryReconciler.SYNCED);
                return synced.isPresent()
                        && synced.get().getStatus().equals("False")
                        && synced.get().getReason().equals("DatabaseUnreachable");
            });
            await().atMost(WAIT).until(() -> {
                // The Registry's first status may not be written yet when the outage begins.
                Registry registry = client.resources(Registry.class)
                        .inNamespace(ns)
                        .withName("enseada")
                        .get();
                if (registry == null || registry.getStatus() == null) {
                    return false;
                }
                var ready =
                        Conditions.find(registry.getStatus().getConditions(), RegistryStatusAggregator.DATABASE_READY);
                return ready.isPresent() && ready.get().getStatus().equals("False");
            });
        } finally {
            COUCHDB.start();
        }
        await().atMost(WAIT)
                .until(() ->
                        Conditions.isTrue(repository("containers").getStatus().getConditions(), Conditions.READY));
    }

    @Test
    void twoRepositoriesClaimingOneNameDoNotOverwriteEachOther() {
        await().atMost(WAIT).until(() -> document("repository:containers").isPresent());
        Repository copy = new Repository();
        copy.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                .withName("images")
                .withNamespace(ns)
                .build());
        copy.setSpec(new RepositoryResourceSpec(
                new io.enseada.operator.common.ObjectReference("enseada"),
                "containers",
                io.enseada.shared.model.Format.NPM,
                null,
                null,
                null));
        client.resource(copy).create();
        await().atMost(WAIT)
                .until(() -> repository("images").getStatus() != null
                        && Conditions.find(
                                        repository("images").getStatus().getConditions(), RepositoryReconciler.SYNCED)
                                .isPresent());
        assertThat(Conditions.find(repository("images").getStatus().getConditions(), RepositoryReconciler.SYNCED)
                        .orElseThrow()
                        .getReason())
                .isEqualTo("NameTaken");
        assertThat(document("repository:containers")
                        .orElseThrow()
                        .path("format")
                        .asText())
                .isEqualTo("oci");
    }
}
