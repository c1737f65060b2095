package io.enseada.operator.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.enseada.operator.common.Conditions;
import io.enseada.operator.registry.CouchDbRegistryStores;
import io.enseada.operator.testing.OperatorHarness;
import io.enseada.operator.testing.TestCluster;
import io.enseada.shared.json.Json;
import io.enseada.shared.model.Format;
import io.enseada.shared.store.DocumentStore;
import io.enseada.shared.testing.PouchDbServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Proxy and group Repositories against the test's API server (real or mock, {@link TestCluster})
 * and a real pouchdb-server, with an upstream on loopback that answers every request with 401.
 * The operator resyncs only every ten minutes here: whatever a test waits for comes from a watch
 * (a Secret, another Repository), not from a resync.
 */
class RepositoryKindsIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PASSWORD = "upstream-password-" + System.nanoTime();

    @RegisterExtension
    static final PouchDbServer COUCHDB = PouchDbServer.inMemory().withAdmin("enseada", "change-me");

    @RegisterExtension
    final TestCluster cluster = new TestCluster();

    private KubernetesClient client;
    private String ns;
    private OperatorHarness operator;
    private CouchDbRegistryStores stores;
    private DocumentStore database;
    private String databaseName;
    private HttpServer upstream;
    private String upstreamHost;

    @BeforeEach
    void start() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.createContext("/", exchange -> {
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
        });
        upstream.start();
        upstreamHost = "127.0.0.1:" + upstream.getAddress().getPort();
        client = cluster.client();
        ns = cluster.namespace();
        databaseName = "enseada" + System.nanoTime();
        stores = new CouchDbRegistryStores(client, Json.newMapper());
        operator = OperatorHarness.start(cluster, stores, Duration.ofMinutes(10));
        database = OperatorHarness.sampleDatabase(COUCHDB.url(), databaseName);
    }

    @AfterEach
    void stop() {
        operator.close();
        stores.close();
        database.close();
        upstream.stop(0);
    }

    private void applySamples(String... files) {
        UnaryOperator<HasMetadata> couchDb = OperatorHarness.couchDbAt(COUCHDB.url(), databaseName);
        OperatorHarness.applySamples(cluster, object -> upstreamAtLoopback(couchDb.apply(object)), files);
    }

    /** The sample proxy asks the loopback upstream, with a password of this test run. */
    private HasMetadata upstreamAtLoopback(HasMetadata object) {
        if (object instanceof Repository repository && repository.getSpec().proxy() != null) {
            RepositoryResourceSpec s = repository.getSpec();
            RepositoryResourceSpec.ProxySpec p = s.proxy();
            repository.setSpec(new RepositoryResourceSpec(
                    s.registryRef(),
                    s.name(),
                    s.format(),
                    s.visibility(),
                    s.maven(),
                    s.deletionPolicy(),
                    s.kind(),
                    new RepositoryResourceSpec.ProxySpec(
                            "http://" + upstreamHost + "/npm/",
                            p.credentials(),
                            p.metadataMaxAge(),
                            p.negativeCacheTtl()),
                    s.group()));
        }
        if (object instanceof Secret secret && secret.getMetadata().getName().equals("npmjs-upstream")) {
            secret.setStringData(Map.of("username", "puller", "password", PASSWORD));
        }
        return object;
    }

    private Repository repository(String name) {
        return client.resources(Repository.class).inNamespace(ns).withName(name).get();
    }

    private Optional<Condition> condition(String repository, String type) {
        Repository current = repository(repository);
        return current == null || current.getStatus() == null
                ? Optional.empty()
                : Conditions.find(current.getStatus().getConditions(), type);
    }

    private String summary(String repository, String type) {
        return condition(repository, type)
                .map(c -> c.getStatus() + " " + c.getReason() + ": " + c.getMessage())
                .orElse("");
    }

    private void awaitCondition(String repository, String type, String expected) {
        await().atMost(WAIT).until(() -> summary(repository, type).equals(expected));
    }

    private Optional<ObjectNode> document(String id) {
        return database.get(id).map(d -> d.body());
    }

    private void create(HasMetadata object) {
        object.getMetadata().setNamespace(ns);
        client.resource(object).create();
    }

    /** Neither the status nor any event of the Repository shows the upstream password. */
    private void assertNoPasswordShown(String repository, String password) {
        assertThat(client.getKubernetesSerialization().asJson(repository(repository)))
                .doesNotContain(password);
        assertThat(cluster.events("Repository", repository)).noneMatch(e -> e.contains(password));
    }

    @Test
    void theSampleProxyWithItsSecretAndTheSampleGroupBecomeDocuments() {
        applySamples(
                "00-secrets.yaml",
                "registry.yaml",
                "repository-npm.yaml",
                "repository-npm-proxy.yaml",
                "repository-npm-group.yaml");

        await().atMost(WAIT)
                .until(() -> document("repository:npmjs").isPresent()
                        && document("repository:npm-all").isPresent());
        ObjectNode proxy = document("repository:npmjs").orElseThrow();
        assertThat(proxy.path("format").asText()).isEqualTo("npm");
        assertThat(proxy.path("kind").asText()).isEqualTo("proxy");
        assertThat(proxy.at("/proxy/url").asText()).isEqualTo("http://" + upstreamHost + "/npm/");
        assertThat(proxy.at("/proxy/credentials/username").asText()).isEqualTo("puller");
        assertThat(proxy.at("/proxy/credentials/password").asText()).isEqualTo(PASSWORD);
        assertThat(proxy.at("/proxy/metadataMaxAge").asText()).isEqualTo("PT30M");
        assertThat(proxy.at("/proxy/negativeCacheTtl").asText()).isEqualTo("PT5M");
        assertThat(proxy.path("managedBy").asText()).isEqualTo("Repository/" + ns + "/npmjs");
        ObjectNode group = document("repository:npm-all").orElseThrow();
        assertThat(group.path("kind").asText()).isEqualTo("group");
        assertThat(group.at("/group/members").toString()).isEqualTo("[\"npm\",\"npmjs\"]");
        assertThat(group.has("proxy")).isFalse();

        awaitCondition("npmjs", Conditions.READY, "True Reconciled: all conditions hold");
        awaitCondition("npm-all", Conditions.READY, "True Reconciled: all conditions hold");
        // any HTTP answer, a 401 here, shows the upstream is there
        assertThat(summary("npmjs", UpstreamProbe.UPSTREAM_REACHABLE))
                .isEqualTo("True Reachable: upstream " + upstreamHost + " answers (HTTP 401)");
        assertThat(condition("npm-all", UpstreamProbe.UPSTREAM_REACHABLE)).isEmpty();
        assertThat(repository("npmjs").getStatus().getUrl()).isEqualTo("https://registry.example.com/npm/npmjs/");
        assertThat(repository("npm-all").getStatus().getUsage())
                .isEqualTo("registry=https://registry.example.com/npm/npm-all/");
        assertNoPasswordShown("npmjs", PASSWORD);

        // a new password in the Secret reaches the document through the Secret's watch
        String rotated = "rotated-" + PASSWORD;
        cluster.edit(Secret.class, "npmjs-upstream", secret -> {
            secret.setData(null);
            secret.setStringData(Map.of("username", "puller", "password", rotated));
            return secret;
        });
        await().atMost(WAIT)
                .until(() -> document("repository:npmjs")
                        .map(d -> d.at("/proxy/credentials/password").asText())
                        .orElse("")
                        .equals(rotated));
        assertNoPasswordShown("npmjs", rotated);
    }

    @Test
    void aGroupWithAMissingMemberOneOfAnotherFormatOrInACycleIsNotWritten() {
        applySamples("00-secrets.yaml", "registry.yaml", "repository-oci.yaml", "repository-npm.yaml");
        create(Repositories.group(ns, "bad", Format.NPM, "npm", "later"));
        create(Repositories.group(ns, "mixed", Format.NPM, "npm", "containers"));
        create(Repositories.group(ns, "first", Format.NPM, "npm", "second"));
        create(Repositories.group(ns, "second", Format.NPM, "first"));

        awaitCondition("bad", Conditions.READY, "False InvalidMember: group bad: member 'later' does not exist");
        assertThat(summary("bad", RepositoryReconciler.SYNCED))
                .isEqualTo("False InvalidMember: group bad: member 'later' does not exist");
        awaitCondition(
                "mixed",
                Conditions.READY,
                "False InvalidMember: group mixed: member 'containers' is a oci repository, not npm");
        awaitCondition("first", Conditions.READY, "False InvalidMember: groups form a cycle: first -> second -> first");
        awaitCondition(
                "second", Conditions.READY, "False InvalidMember: groups form a cycle: second -> first -> second");
        await().atMost(WAIT).until(() -> document("repository:npm").isPresent());
        assertThat(document("repository:bad")).isEmpty();
        assertThat(document("repository:mixed")).isEmpty();
        assertThat(document("repository:first")).isEmpty();
        assertThat(document("repository:second")).isEmpty();

        // the missing member declared: the group is checked again at once, not at the next resync
        create(Repositories.hosted(ns, "later", Format.NPM));
        awaitCondition("bad", Conditions.READY, "True Reconciled: all conditions hold");
        await().atMost(WAIT).until(() -> document("repository:bad").isPresent());
        assertThat(document("repository:bad").orElseThrow().at("/group/members").toString())
                .isEqualTo("[\"npm\",\"later\"]");
    }

    @Test
    void aProxyWaitsForItsSecretAndAnUnreachableUpstreamDoesNotHoldUpReady() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        applySamples("00-secrets.yaml", "registry.yaml");
        create(Repositories.proxy(ns, "cache", Format.NPM, "http://127.0.0.1:" + closed + "/", "cache-upstream"));

        awaitCondition(
                "cache",
                Conditions.READY,
                "False CredentialsNotFound: Secret cache-upstream with the upstream credentials does not exist");
        assertThat(summary("cache", UpstreamProbe.UPSTREAM_REACHABLE))
                .isEqualTo("False Unreachable: upstream 127.0.0.1:" + closed + " refuses the connection");
        assertThat(document("repository:cache")).isEmpty();

        create(new SecretBuilder()
                .withNewMetadata()
                .withName("cache-upstream")
                .endMetadata()
                .addToStringData("username", "puller")
                .build());
        awaitCondition(
                "cache", Conditions.READY, "False CredentialsNotFound: Secret cache-upstream has no key password");
        assertThat(document("repository:cache")).isEmpty();

        cluster.edit(Secret.class, "cache-upstream", secret -> {
            secret.setStringData(Map.of("username", "puller", "password", PASSWORD));
            return secret;
        });
        awaitCondition("cache", Conditions.READY, "True Reconciled: all conditions hold");
        assertThat(summary("cache", RepositoryReconciler.SYNCED))
                .isEqualTo("True DocumentWritten: document repository:cache is up to date");
        // a proxy of an upstream that is down still serves its cache: shown, but Ready all the same
        assertThat(summary("cache", UpstreamProbe.UPSTREAM_REACHABLE))
                .isEqualTo("False Unreachable: upstream 127.0.0.1:" + closed + " refuses the connection");
        ObjectNode document = document("repository:cache").orElseThrow();
        assertThat(document.at("/proxy/credentials/username").asText()).isEqualTo("puller");
        assertThat(document.at("/proxy/credentials/password").asText()).isEqualTo(PASSWORD);
        assertNoPasswordShown("cache", PASSWORD);
        assertThat(cluster.events("Repository", "cache"))
                .anyMatch(e -> e.contains("Secret cache-upstream with the upstream credentials does not exist"));
    }
}
