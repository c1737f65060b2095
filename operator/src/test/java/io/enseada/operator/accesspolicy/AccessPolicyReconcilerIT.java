package io.enseada.operator.accesspolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.operator.common.Conditions;
import io.enseada.operator.common.SecretValues;
import io.enseada.operator.registry.CouchDbRegistryStores;
import io.enseada.operator.testing.OperatorHarness;
import io.enseada.operator.testing.ReconcilerThreads;
import io.enseada.operator.testing.TestCluster;
import io.enseada.shared.json.Json;
import io.enseada.shared.model.AccessAction;
import io.enseada.shared.model.TokenSecret;
import io.enseada.shared.store.DocumentStore;
import io.enseada.shared.testing.ManualClock;
import io.enseada.shared.testing.PouchDbServer;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Element;

/**
 * The sample AccessPolicies against the test's API server (real or mock, {@link io.enseada.operator.testing.TestCluster}) and a real pouchdb-server: policy
 * documents, the robot, its token (hash in CouchDB, value only in the Secret), rotation on a clock
 * the test moves, drift, outage and deletion.
 */
class AccessPolicyReconcilerIT {
    private static final String SECRET = "ci-registry-credentials";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration CLEANUP_WAIT = Duration.ofSeconds(60);
    private static final Duration GRACE = Duration.ofHours(1);

    @RegisterExtension
    static final PouchDbServer COUCHDB = PouchDbServer.inMemory().withAdmin("enseada", "change-me");

    @RegisterExtension
    final TestCluster cluster = new TestCluster();

    KubernetesClient client;
    private String ns;
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
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
        operator = OperatorHarness.start(cluster, stores, Duration.ofSeconds(2), GRACE, clock);
        OperatorHarness.applySamples(
                cluster,
                OperatorHarness.couchDbAt(COUCHDB.url(), databaseName),
                "00-secrets.yaml",
                "registry.yaml",
                "repository-oci.yaml",
                "repository-maven.yaml",
                "repository-npm.yaml",
                "accesspolicy-ci-push.yaml",
                "accesspolicy-public-read.yaml");
        database = OperatorHarness.sampleDatabase(COUCHDB.url(), databaseName);
    }

    @AfterEach
    void stop() {
        operator.close();
        stores.close();
        database.close();
    }

    private AccessPolicy policy(String name) {
        return client.resources(AccessPolicy.class)
                .inNamespace(ns)
                .withName(name)
                .get();
    }

    private Optional<ObjectNode> document(String id) {
        return database.get(id).map(d -> d.body());
    }

    private Secret secret() {
        return client.secrets().inNamespace(ns).withName(SECRET).get();
    }

    private Optional<TokenSecret> tokenInSecret() {
        return SecretValues.get(secret(), CredentialsSecret.TOKEN_KEY).flatMap(TokenSecret::parse);
    }

    /** The token in the Secret, once its document exists and the policy reports it (so no status write is pending). */
    private TokenSecret awaitUsableToken() {
        await().atMost(WAIT)
                .until(() -> secret() != null
                        && tokenInSecret().isPresent()
                        && document("token:" + tokenInSecret().get().id()).isPresent()
                        && policy("ci-push").getStatus() != null
                        && tokenInSecret()
                                .get()
                                .id()
                                .equals(policy("ci-push").getStatus().getTokenId())
                        && Conditions.isTrue(policy("ci-push").getStatus().getConditions(), Conditions.READY));
        return tokenInSecret().orElseThrow();
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }

    @Test
    void theSamplePoliciesBecomeDocumentsAndTheRobotsTokenIsOnlyInTheSecret() throws Exception {
        await().atMost(WAIT)
                .until(() -> document("policy:" + ns + ".ci-push").isPresent()
                        && document("policy:" + ns + ".public-read").isPresent());
        ObjectNode ciPush = document("policy:" + ns + ".ci-push").orElseThrow();
        assertThat(ciPush.path("name").asText()).isEqualTo(ns + ".ci-push");
        assertThat(texts(ciPush.path("subjects")))
                .containsExactly("group:release-engineers", "robot:" + ns + ".ci-push");
        assertThat(texts(ciPush.at("/rules/0/repositories"))).containsExactly("containers");
        assertThat(texts(ciPush.at("/rules/0/paths"))).containsExactly("team/**");
        assertThat(texts(ciPush.at("/rules/1/actions"))).containsExactly("read", "write");
        assertThat(texts(document("policy:" + ns + ".public-read").orElseThrow().path("subjects")))
                .containsExactly("anonymous", "authenticated");

        ObjectNode robot = document("robot:" + ns + ".ci-push").orElseThrow();
        assertThat(robot.path("name").asText()).isEqualTo(ns + ".ci-push");
        assertThat(robot.path("disabled").asBoolean(true)).isFalse();
        assertThat(document("robot:" + ns + ".public-read")).isEmpty();

        TokenSecret token = awaitUsableToken();
        ObjectNode stored = document("token:" + token.id()).orElseThrow();
        assertThat(TokenSecret.parse(token.value())
                        .orElseThrow()
                        .matches(stored.path("secretHash").asText()))
                .isTrue();
        assertThat(stored.toString()).doesNotContain(token.secret());
        assertThat(stored.path("owner").asText()).isEqualTo("robot:" + ns + ".ci-push");
        assertThat(stored.path("description").asText()).contains("AccessPolicy " + ns + "/ci-push");
        assertThat(stored.path("revoked").asBoolean(true)).isFalse();
        assertThat(Instant.parse(stored.path("expiresAt").asText()))
                .isEqualTo(Instant.parse(stored.path("createdAt").asText())
                        .plus(Duration.ofDays(30))
                        .plus(GRACE));

        Secret secret = secret();
        assertThat(secret.getType()).isEqualTo("kubernetes.io/dockerconfigjson");
        assertThat(secret.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("AccessPolicy");
            assertThat(owner.getUid()).isEqualTo(policy("ci-push").getMetadata().getUid());
            assertThat(owner.getController()).isTrue();
            assertThat(owner.getBlockOwnerDeletion()).isTrue();
        });
        assertThat(SecretValues.get(secret, "username")).contains(ns + ".ci-push");

        JsonNode docker = Json.newMapper()
                .readTree(SecretValues.get(secret, ".dockerconfigjson").orElseThrow());
        JsonNode auth = docker.at("/auths/registry.example.com");
        assertThat(auth.path("username").asText()).isEqualTo(ns + ".ci-push");
        assertThat(auth.path("password").asText()).isEqualTo(token.value());
        assertThat(new String(Base64.getDecoder().decode(auth.path("auth").asText()), StandardCharsets.UTF_8))
                .isEqualTo(ns + ".ci-push:" + token.value());

        // the policy covers no npm repository (containers and releases): no token line npm would refuse
        assertThat(SecretValues.get(secret, ".npmrc").orElseThrow())
                .isEqualTo(
                        "# the policy covers no npm repository of https://registry.example.com; this file is rewritten when it does\n");

        var settings = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(
                        SecretValues.get(secret, "settings.xml").orElseThrow().getBytes(StandardCharsets.UTF_8)));
        Element server = (Element) settings.getElementsByTagName("server").item(0);
        assertThat(server.getElementsByTagName("id").item(0).getTextContent()).isEqualTo("enseada-releases");
        assertThat(server.getElementsByTagName("username").item(0).getTextContent())
                .isEqualTo(ns + ".ci-push");
        assertThat(server.getElementsByTagName("password").item(0).getTextContent())
                .isEqualTo(token.value());

        await().atMost(WAIT)
                .until(() -> policy("ci-push").getStatus() != null
                        && Conditions.isTrue(policy("ci-push").getStatus().getConditions(), Conditions.READY));
        AccessPolicy ci = policy("ci-push");
        assertThat(ci.getStatus().getObservedGeneration())
                .isEqualTo(ci.getMetadata().getGeneration());
        assertThat(Conditions.isTrue(ci.getStatus().getConditions(), AccessPolicyStatusAggregator.SYNCED))
                .isTrue();
        assertThat(Conditions.isTrue(ci.getStatus().getConditions(), AccessPolicyStatusAggregator.CREDENTIALS_READY))
                .isTrue();
        assertThat(ci.getStatus().getTokenId()).isEqualTo(token.id());
        assertThat(ci.getStatus().getRobot()).isEqualTo("robot:" + ns + ".ci-push");
        assertThat(ci.getStatus().getSecretName()).isEqualTo(SECRET);
        assertThat(client.getKubernetesSerialization().asJson(ci)).doesNotContain(token.secret());

        await().atMost(WAIT)
                .until(() -> policy("public-read").getStatus() != null
                        && Conditions.isTrue(policy("public-read").getStatus().getConditions(), Conditions.READY));
        assertThat(Conditions.find(
                                policy("public-read").getStatus().getConditions(),
                                AccessPolicyStatusAggregator.CREDENTIALS_READY)
                        .orElseThrow()
                        .getReason())
                .isEqualTo("NotRequested");
        assertThat(client.secrets()
                        .inNamespace(ns)
                        .withName("public-read-credentials")
                        .get())
                .isNull();
    }

    @Test
    void anNpmRepositoryTheRulesCoverGetsItsOwnNpmrcLines() {
        TokenSecret token = awaitUsableToken();
        cluster.edit(AccessPolicy.class, "ci-push", p -> {
            AccessPolicySpec s = p.getSpec();
            List<AccessPolicySpec.Rule> rules = new ArrayList<>(s.rules());
            rules.add(new AccessPolicySpec.Rule(List.of("np*"), null, List.of(AccessAction.READ, AccessAction.WRITE)));
            p.setSpec(new AccessPolicySpec(s.registryRef(), s.subjects(), rules, s.credentials()));
            return p;
        });
        await().atMost(WAIT)
                .until(() -> document("policy:" + ns + ".ci-push")
                                .orElseThrow()
                                .path("rules")
                                .size()
                        == 3);
        await().atMost(WAIT)
                .until(() -> SecretValues.get(secret(), ".npmrc")
                        .orElseThrow()
                        .equals(
                                "registry=https://registry.example.com/npm/npm/\n//registry.example.com/npm/npm/:_authToken="
                                        + token.value() + "\n"));
        assertThat(tokenInSecret()).contains(token);
        await().atMost(WAIT)
                .until(() -> policy("ci-push")
                        .getStatus()
                        .getObservedGeneration()
                        .equals(policy("ci-push").getMetadata().getGeneration()));
    }

    @Test
    void theTokenRotatesAfterRotateAfterAndTheOldOneIsRevokedAfterTheGracePeriod() {
        TokenSecret first = awaitUsableToken();

        clock.advance(Duration.ofDays(30).plusSeconds(1));
        await().atMost(WAIT)
                .until(() -> tokenInSecret().filter(t -> !t.equals(first)).isPresent());
        TokenSecret second = tokenInSecret().orElseThrow();
        ObjectNode secondDocument = document("token:" + second.id()).orElseThrow();
        assertThat(second.matches(secondDocument.path("secretHash").asText())).isTrue();
        assertThat(SecretValues.get(secret(), ".dockerconfigjson").orElseThrow())
                .contains(second.value())
                .doesNotContain(first.value());
        assertThat(SecretValues.get(secret(), "settings.xml").orElseThrow()).contains(second.value());
        // within the grace period pods holding the old Secret keep working
        assertThat(document("token:" + first.id()).orElseThrow().path("revoked").asBoolean())
                .isFalse();
        await().atMost(WAIT)
                .until(() -> second.id().equals(policy("ci-push").getStatus().getTokenId()));

        clock.advance(GRACE);
        await().atMost(WAIT)
                .until(() -> document("token:" + first.id())
                        .orElseThrow()
                        .path("revoked")
                        .asBoolean());
        assertThat(document("token:" + second.id())
                        .orElseThrow()
                        .path("revoked")
                        .asBoolean())
                .isFalse();
        assertThat(tokenInSecret()).contains(second);

        // the story, for kubectl describe: ids only, never a token
        await().atMost(WAIT)
                .until(() -> cluster.events("AccessPolicy", "ci-push").stream()
                        .anyMatch(e -> e.startsWith("Normal TokensRevoked")));
        List<String> events = cluster.events("AccessPolicy", "ci-push");
        assertThat(events)
                .anySatisfy(e -> assertThat(e).startsWith("Normal TokenIssued: token " + first.id()))
                .anySatisfy(e -> assertThat(e)
                        .startsWith("Normal TokenRotated: token " + second.id())
                        .contains("older than rotateAfter"))
                .anySatisfy(e -> assertThat(e)
                        .isEqualTo("Normal TokensRevoked: replaced tokens [" + first.id()
                                + "] revoked after the grace period"));
        assertThat(String.join("\n", events)).doesNotContain(first.secret()).doesNotContain(second.secret());
    }

    @Test
    void deletingThePolicyDeletesItsDocumentsAndRevokesItsToken() {
        TokenSecret token = awaitUsableToken();
        client.resources(AccessPolicy.class).inNamespace(ns).withName("ci-push").delete();

        await().atMost(WAIT).until(() -> policy("ci-push") == null);
        assertThat(document("policy:" + ns + ".ci-push")).isEmpty();
        assertThat(document("robot:" + ns + ".ci-push")).isEmpty();
        ObjectNode stored = document("token:" + token.id()).orElseThrow();
        assertThat(stored.path("revoked").asBoolean()).isTrue();
        assertThat(secret()).isNull();
        assertThat(document("policy:" + ns + ".public-read")).isPresent();
    }

    @Test
    void deletingTheRegistryRevokesEveryTokenItsPoliciesMintedAndMintsNoNewOne() {
        TokenSecret token = awaitUsableToken();
        // a token left by a policy deleted while the Registry did not exist: its finalizer could not revoke it
        ObjectNode orphan = document("token:" + token.id()).orElseThrow().deepCopy();
        orphan.put("id", "orphan0000000000").put("managedBy", "AccessPolicy/" + ns + "/gone");
        database.put("token:orphan0000000000", null, orphan);

        client.resources(io.enseada.operator.registry.Registry.class)
                .inNamespace(ns)
                .withName("enseada")
                .delete();
        awaitRegistryGone();
        assertThat(document("token:" + token.id()).orElseThrow().path("revoked").asBoolean())
                .isTrue();
        assertThat(document("token:orphan0000000000")
                        .orElseThrow()
                        .path("revoked")
                        .asBoolean())
                .isTrue();

        // the policy reports it, and no token that works is minted for the Registry that is gone
        await().atMost(WAIT)
                .until(() -> Conditions.find(
                                policy("ci-push").getStatus().getConditions(), AccessPolicyStatusAggregator.SYNCED)
                        .filter(c ->
                                c.getStatus().equals("False") && c.getReason().equals("RegistryNotFound"))
                        .isPresent());
        List<ObjectNode> tokens = database.list("token:", null, 100).documents().stream()
                .map(d -> d.body())
                .toList();
        assertThat(tokens)
                .isNotEmpty()
                .allSatisfy(t -> assertThat(t.path("revoked").asBoolean())
                        .as("%s", t.path("id"))
                        .isTrue());
    }

    @Test
    void theDatabaseSecretOutlivesItsRegistrySoAnOperatorThatRestartedStillRevokes() {
        TokenSecret token = awaitUsableToken();
        // as when a namespace is deleted: the Secret goes first, and the operator restarts meanwhile
        await().atMost(WAIT)
                .until(() -> client.secrets()
                        .inNamespace(ns)
                        .withName("enseada-couchdb")
                        .get()
                        .getMetadata()
                        .getFinalizers()
                        .contains("enseada.io/registry-database"));
        client.secrets().inNamespace(ns).withName("enseada-couchdb").delete();
        operator.close();
        stores.close();
        stores = new CouchDbRegistryStores(client, Json.newMapper());
        operator = OperatorHarness.start(cluster, stores, Duration.ofSeconds(2), GRACE, clock);

        client.resources(io.enseada.operator.registry.Registry.class)
                .inNamespace(ns)
                .withName("enseada")
                .delete();
        awaitRegistryGone();
        assertThat(document("token:" + token.id()).orElseThrow().path("revoked").asBoolean())
                .isTrue();
        // and then the Secret goes as asked
        await().atMost(WAIT)
                .until(() -> client.secrets()
                                .inNamespace(ns)
                                .withName("enseada-couchdb")
                                .get()
                        == null);
    }

    /**
     * The deleted Registry gone, its cleanup done; if not, the message shows why: the Registry as
     * the server has it, its events, and where the reconciler threads are. The wait outlasts one
     * CouchDB request that hangs to the client's 30-s timeout and the cleanup retried after it.
     */
    private void awaitRegistryGone() {
        try {
            await().atMost(CLEANUP_WAIT)
                    .until(() -> client.resources(io.enseada.operator.registry.Registry.class)
                                    .inNamespace(ns)
                                    .withName("enseada")
                                    .get()
                            == null);
        } catch (ConditionTimeoutException e) {
            io.enseada.operator.registry.Registry left = client.resources(io.enseada.operator.registry.Registry.class)
                    .inNamespace(ns)
                    .withName("enseada")
                    .get();
            if (left != null) {
                left.getMetadata().setManagedFields(null);
            }
            throw new AssertionError(
                    "the Registry is still there after " + CLEANUP_WAIT + ":\n"
                            + (left == null
                                    ? "(gone now)"
                                    : client.getKubernetesSerialization().asYaml(left))
                            + "\nevents:\n" + String.join("\n", cluster.events("Registry", "enseada"))
                            + "\nreconciler threads:\n" + ReconcilerThreads.dump(),
                    e);
        }
    }

    @Test
    void removingTheCredentialsRevokesTheTokenAndDropsTheRobot() {
        TokenSecret token = awaitUsableToken();
        cluster.edit(AccessPolicy.class, "ci-push", p -> {
            AccessPolicySpec s = p.getSpec();
            p.setSpec(new AccessPolicySpec(s.registryRef(), s.subjects(), s.rules(), null));
            return p;
        });
        await().atMost(WAIT)
                .until(() -> document("token:" + token.id())
                                .orElseThrow()
                                .path("revoked")
                                .asBoolean()
                        && document("robot:" + ns + ".ci-push").isEmpty()
                        && secret() == null);
        assertThat(texts(document("policy:" + ns + ".ci-push").orElseThrow().path("subjects")))
                .containsExactly("group:release-engineers");
    }

    @Test
    void driftIsRepairedAndADeletedTokenDocumentBringsANewToken() {
        TokenSecret token = awaitUsableToken();
        database.update("policy:" + ns + ".ci-push", body -> {
            body.putArray("subjects").add("authenticated");
            return body;
        });
        var publicRead = database.get("policy:" + ns + ".public-read").orElseThrow();
        database.delete(publicRead.id(), publicRead.rev());
        var stored = database.get("token:" + token.id()).orElseThrow();
        database.delete(stored.id(), stored.rev());

        await().atMost(WAIT)
                .until(() -> document("policy:" + ns + ".public-read").isPresent()
                        && texts(document("policy:" + ns + ".ci-push")
                                        .orElseThrow()
                                        .path("subjects"))
                                .equals(List.of("group:release-engineers", "robot:" + ns + ".ci-push")));
        TokenSecret replacement =
                await().atMost(WAIT).until(() -> tokenInSecret().orElseThrow(), t -> !t.equals(token));
        assertThat(replacement.matches(document("token:" + replacement.id())
                        .orElseThrow()
                        .path("secretHash")
                        .asText()))
                .isTrue();
        assertThat(SecretValues.get(secret(), ".dockerconfigjson").orElseThrow())
                .contains(replacement.value());
    }

    @Test
    void aCouchDbOutageShowsAsAFalseConditionAndClearsWhenItIsBack() {
        awaitUsableToken();
        await().atMost(WAIT)
                .until(() -> policy("ci-push").getStatus() != null
                        && Conditions.isTrue(policy("ci-push").getStatus().getConditions(), Conditions.READY));
        COUCHDB.stop();
        try {
            await().atMost(WAIT)
                    .until(() -> Conditions.find(
                                    policy("ci-push").getStatus().getConditions(), AccessPolicyStatusAggregator.SYNCED)
                            .filter(c -> c.getStatus().equals("False")
                                    && c.getReason().equals("DatabaseUnreachable"))
                            .isPresent());
            assertThat(Conditions.find(policy("ci-push").getStatus().getConditions(), Conditions.READY)
                            .orElseThrow()
                            .getStatus())
                    .isEqualTo("False");
        } finally {
            COUCHDB.start();
        }
        // the in-memory server comes back empty: documents and a new token are written again
        await().atMost(WAIT)
                .until(() -> Conditions.isTrue(policy("ci-push").getStatus().getConditions(), Conditions.READY)
                        && document("policy:" + ns + ".ci-push").isPresent());
        TokenSecret token = awaitUsableToken();
        assertThat(token.matches(document("token:" + token.id())
                        .orElseThrow()
                        .path("secretHash")
                        .asText()))
                .isTrue();
    }
}
