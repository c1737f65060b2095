package io.enseada.operator;

import static io.enseada.shared.testing.AuthorizationHeader.basic;
import static io.enseada.shared.testing.AuthorizationHeader.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.operator.accesspolicy.AccessPolicy;
import io.enseada.operator.accesspolicy.AccessPolicySpec;
import io.enseada.operator.accesspolicy.CredentialType;
import io.enseada.operator.accesspolicy.CredentialsSecret;
import io.enseada.operator.common.Conditions;
import io.enseada.operator.common.ObjectReference;
import io.enseada.operator.common.SecretValues;
import io.enseada.operator.registry.CouchDbRegistryStores;
import io.enseada.operator.registry.Registry;
import io.enseada.operator.registry.RegistrySpec;
import io.enseada.operator.repository.Repository;
import io.enseada.operator.repository.RepositoryReconciler;
import io.enseada.operator.repository.RepositoryResourceSpec;
import io.enseada.operator.testing.OperatorHarness;
import io.enseada.operator.testing.ProjectFiles;
import io.enseada.operator.testing.TestCluster;
import io.enseada.shared.json.Json;
import io.enseada.shared.model.AccessAction;
import io.enseada.shared.model.Format;
import io.enseada.shared.model.TokenSecret;
import io.enseada.shared.store.couchdb.CouchDbDocumentStore;
import io.enseada.shared.testing.HttpSession;
import io.enseada.shared.testing.PouchDbServer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop closed: the operator in-process against the test's API server ({@link TestCluster})
 * writing the Repository and AccessPolicy documents into a pouchdb-server database, and a real
 * registry process ({@code registry/target/enseada-registry.jar}) started with the environment of
 * the Deployment the operator wrote, on that same database; the token from the generated Secret
 * is then used against the registry. The registry, so started, declares no repository of its own.
 *
 * <p>The real {@code mvn} deploys with the generated settings.xml into the repository the policy
 * covers and is refused (403) on one it does not; {@code /api/v1/whoami} shows the robot with the
 * granted repository actions, an administrator's route refuses it, and once the AccessPolicy is
 * deleted the registry refuses the token.
 */
class OperatorRegistryE2EIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Path REGISTRY_JAR = ProjectFiles.root().resolve("registry/target/enseada-registry.jar");
    private static final Duration RESYNC = Duration.ofSeconds(5);
    /** The sample's admin password Secret. */
    private static final String ADMIN_PASSWORD = "change-me";

    private static final List<String> REPOSITORIES = List.of("containers", "maven-releases", "npm", "other-releases");

    @RegisterExtension
    static final PouchDbServer COUCHDB = PouchDbServer.inMemory().withAdmin("enseada", "change-me");

    @TempDir
    Path scratch;

    @RegisterExtension
    final TestCluster cluster = new TestCluster();

    KubernetesClient client;
    private String ns;
    private final ObjectMapper json = Json.newMapper();
    /** One database per test: the registry keeps what it found in it. */
    private final String database = "enseada-e2e-" + System.nanoTime();

    private Process registry;
    private URI registryUrl;
    private CouchDbRegistryStores stores;
    private OperatorHarness operator;

    @BeforeEach
    void start() throws Exception {
        client = cluster.client();
        ns = cluster.namespace();
        assertThat(REGISTRY_JAR)
                .as("the registry jar; build with mvn -pl registry,operator -am verify")
                .exists();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        registryUrl = URI.create("http://127.0.0.1:" + port);
        // blobs on a claim: the test's scratch directory stands in for the pod's volume
        client.persistentVolumeClaims()
                .inNamespace(ns)
                .resource(new PersistentVolumeClaimBuilder()
                        .withNewMetadata()
                        .withName("enseada-blobs")
                        .endMetadata()
                        .withNewSpec()
                        .withAccessModes("ReadWriteOnce")
                        .withNewResources()
                        .addToRequests("storage", new Quantity("1Gi"))
                        .endResources()
                        .endSpec()
                        .build())
                .create();

        stores = new CouchDbRegistryStores(client, Json.newMapper());
        operator = OperatorHarness.start(cluster, stores, RESYNC, Duration.ofMinutes(5), Clock.systemUTC());
        UnaryOperator<HasMetadata> toTestRegistry =
                OperatorHarness.couchDbAt(COUCHDB.url(), database).andThen(object -> {
                    if (object instanceof Registry r) {
                        RegistrySpec s = r.getSpec();
                        r.setSpec(new RegistrySpec(
                                s.image(),
                                1,
                                s.resources(),
                                registryUrl.toString(),
                                new RegistrySpec.StorageSpec(null, new RegistrySpec.FilesystemSpec("enseada-blobs")),
                                s.couchdb(),
                                s.tls(),
                                s.tokenSigningKey(),
                                s.adminPassword(),
                                null,
                                s.logFormat()));
                    }
                    return object;
                })::apply;
        OperatorHarness.applySamples(
                cluster,
                toTestRegistry,
                "00-secrets.yaml",
                "registry.yaml",
                "repository-oci.yaml",
                "repository-maven.yaml",
                "repository-npm.yaml",
                "accesspolicy-ci-push.yaml");
        // a Maven repository the policy does not cover
        Repository other = new Repository();
        other.setMetadata(new ObjectMetaBuilder()
                .withName("other-releases")
                .withNamespace(ns)
                .build());
        other.setSpec(new RepositoryResourceSpec(new ObjectReference("enseada"), null, Format.MAVEN, null, null, null));
        client.resource(other).create();

        // every repository is declared before a registry pod starts, as when the operator runs first
        await().atMost(WAIT).until(() -> REPOSITORIES.stream().allMatch(this::synced));
        registry = startRegistryAsTheDeploymentSays(port);
    }

    private boolean synced(String repository) {
        Repository resource = client.resources(Repository.class)
                .inNamespace(ns)
                .withName(repository)
                .get();
        return resource != null
                && resource.getStatus() != null
                && Conditions.find(resource.getStatus().getConditions(), RepositoryReconciler.SYNCED)
                        .filter(c -> "True".equals(c.getStatus())
                                && c.getObservedGeneration()
                                        == resource.getMetadata().getGeneration())
                        .isPresent();
    }

    /**
     * The registry jar with the environment of the registry container of the Deployment the
     * operator wrote (its ConfigMap and its Secret references resolved), except for what the pod's
     * surroundings give it: the port it is reached at and its data volume.
     */
    private Process startRegistryAsTheDeploymentSays(int port) throws IOException {
        Deployment deployment = await().atMost(WAIT)
                .until(
                        () -> client.apps()
                                .deployments()
                                .inNamespace(ns)
                                .withName("enseada")
                                .get(),
                        d -> d != null
                                && client.configMaps()
                                                .inNamespace(ns)
                                                .withName("enseada-config")
                                                .get()
                                        != null);
        Container container =
                deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, String> podEnv = new TreeMap<>();
        for (EnvFromSource from : container.getEnvFrom()) {
            podEnv.putAll(client.configMaps()
                    .inNamespace(ns)
                    .withName(from.getConfigMapRef().getName())
                    .get()
                    .getData());
        }
        for (EnvVar variable : container.getEnv()) {
            SecretKeySelector ref = variable.getValueFrom() == null
                    ? null
                    : variable.getValueFrom().getSecretKeyRef();
            podEnv.put(
                    variable.getName(),
                    ref == null
                            ? variable.getValue()
                            : SecretValues.get(
                                            client.secrets()
                                                    .inNamespace(ns)
                                                    .withName(ref.getName())
                                                    .get(),
                                            ref.getKey())
                                    .orElseThrow());
        }
        assertThat(podEnv)
                .containsEntry("ENSEADA_PUBLIC_URL", registryUrl.toString())
                .containsEntry("ENSEADA_STORAGE", "filesystem");
        podEnv.put("ENSEADA_PORT", String.valueOf(port));
        podEnv.put(
                "ENSEADA_DATA_DIR",
                Files.createDirectories(scratch.resolve("volume")).toString());

        Path log = scratch.resolve("registry.log");
        ProcessBuilder builder = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-Xmx256m",
                        "-jar",
                        REGISTRY_JAR.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("ENSEADA_"));
        builder.environment().putAll(podEnv);
        Process process = builder.start();
        try {
            await().atMost(WAIT)
                    .pollInterval(Duration.ofMillis(250))
                    .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                    .until(() -> {
                        assertThat(process.isAlive())
                                .as("registry process (log: %s)", Files.readString(log))
                                .isTrue();
                        return get("/health/ready", null) == 200;
                    });
        } catch (RuntimeException | AssertionError e) {
            process.destroyForcibly();
            throw new AssertionError("registry did not become ready; its log:\n" + Files.readString(log), e);
        }
        return process;
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (operator != null) {
            operator.close();
        }
        if (stores != null) {
            stores.close();
        }
        if (registry != null) {
            registry.destroy();
            if (!registry.waitFor(10, TimeUnit.SECONDS)) {
                registry.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private int get(String path, String authorization) {
        return send(path, authorization).status();
    }

    private HttpSession.Response send(String path, String authorization) {
        return new HttpSession(registryUrl, authorization)
                .withTimeout(Duration.ofSeconds(10))
                .get(path);
    }

    /** Repository name → actions, as whoami reports them for this caller. */
    private Map<String, Set<String>> rights(String authorization) throws IOException, InterruptedException {
        HttpSession.Response response = send("/api/v1/whoami", authorization);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        Map<String, Set<String>> rights = new HashMap<>();
        for (JsonNode entry : json.readTree(response.text()).path("repositories")) {
            Set<String> actions = new TreeSet<>();
            entry.path("actions").forEach(a -> actions.add(a.asText()));
            rights.put(entry.path("repository").asText(), actions);
        }
        return rights;
    }

    /** How a client run ended: its exit code and what it printed. */
    private record Run(int exit, String output) {}

    /** {@code mvn deploy} of a one-pom project to {@code repository}; plugins come from this machine's ~/.m2 (no network). */
    private Run mvn(Path userSettings, String repository) throws Exception {
        Path project = Files.createDirectories(scratch.resolve("project-" + repository));
        Files.writeString(project.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.example.e2e</groupId>
                  <artifactId>app</artifactId>
                  <version>1.0.0</version>
                  <packaging>pom</packaging>
                  <distributionManagement>
                    <repository><id>enseada-releases</id><url>%s/maven/%s/</url></repository>
                  </distributionManagement>
                  <build>
                    <pluginManagement>
                      <plugins>
                        <plugin><artifactId>maven-install-plugin</artifactId><version>3.1.4</version></plugin>
                        <plugin><artifactId>maven-deploy-plugin</artifactId><version>3.1.4</version></plugin>
                      </plugins>
                    </pluginManagement>
                  </build>
                </project>
                """.formatted(registryUrl, repository));
        String plugins = Path.of(System.getProperty("user.home"), ".m2", "repository")
                .toUri()
                .toString();
        Path global = Files.writeString(scratch.resolve("global-settings.xml"), """
                <settings>
                  <mirrors>
                    <mirror><id>machine-plugins</id><mirrorOf>central</mirrorOf><url>%s</url></mirror>
                  </mirrors>
                </settings>
                """.formatted(plugins));
        Path log = scratch.resolve("mvn-" + repository + ".log");
        Process mvn = new ProcessBuilder(
                        "mvn",
                        "-B",
                        "-s",
                        userSettings.toString(),
                        "-gs",
                        global.toString(),
                        "-Dmaven.repo.local=" + scratch.resolve("m2"),
                        "deploy")
                .directory(project.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!mvn.waitFor(3, TimeUnit.MINUTES)) {
            mvn.destroyForcibly().waitFor();
            throw new AssertionError("mvn did not finish:\n" + Files.readString(log));
        }
        return new Run(mvn.exitValue(), Files.readString(log));
    }

    @Test
    void theTokenInTheGeneratedSecretActsAsThePolicysRobotInTheRealRegistry() throws Exception {
        await().atMost(WAIT).until(() -> {
            var secret = client.secrets()
                    .inNamespace(ns)
                    .withName("ci-registry-credentials")
                    .get();
            return secret != null
                    && SecretValues.get(secret, CredentialsSecret.TOKEN_KEY).isPresent();
        });
        var secret = client.secrets()
                .inNamespace(ns)
                .withName("ci-registry-credentials")
                .get();
        String token = SecretValues.get(secret, CredentialsSecret.TOKEN_KEY).orElseThrow();
        String username =
                SecretValues.get(secret, CredentialsSecret.USERNAME_KEY).orElseThrow();
        assertThat(TokenSecret.parse(token)).isPresent();
        JsonNode docker = json.readTree(
                SecretValues.get(secret, CredentialsSecret.DOCKER_CONFIG_KEY).orElseThrow());
        assertThat(docker.path("auths").has(registryUrl.getAuthority())).isTrue();

        // the registry reads repositories, the policy, the robot and the token from the changes feed
        String bearer = bearer(token);
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> send("/api/v1/whoami", bearer).status() == 200
                        && rights(bearer).getOrDefault("releases", Set.of()).contains("write")
                        && rights(basic("admin", ADMIN_PASSWORD)).containsKey("other-releases"));
        HttpSession.Response whoami = send("/api/v1/whoami", bearer);
        JsonNode caller = json.readTree(whoami.text());
        assertThat(caller.path("name").asText()).isEqualTo(ns + ".ci-push");
        assertThat(caller.path("kind").asText()).isEqualTo("robot");
        assertThat(caller.path("admin").asBoolean(true)).isFalse();
        Map<String, Set<String>> rights = rights(bearer);
        assertThat(rights.get("releases")).containsExactly("read", "write");
        // containers: the rule grants write only under team/**, which whoami's repository-level view does not show
        assertThat(rights.get("containers")).contains("read").doesNotContain("delete", "admin");
        // npm is public, so anyone reads it; the policy grants nothing more there
        assertThat(rights.getOrDefault("npm", Set.of())).doesNotContain("write", "delete", "admin");

        // as a Basic password, with any username, as OCI and Maven clients send it
        assertThat(rights(basic(username, token))).isEqualTo(rights);
        assertThat(rights(basic("ci", token))).isEqualTo(rights);

        // outside the policy: administrators' routes are refused, a forged token is not accepted
        assertThat(get("/api/v1/users", bearer)).isEqualTo(403);
        assertThat(get("/api/v1/robots", basic(username, token))).isEqualTo(403);
        String forged = TokenSecret.parse(token)
                .map(t -> "ens_" + t.id() + "_" + "A".repeat(43))
                .orElseThrow();
        assertThat(get("/api/v1/whoami", bearer(forged))).isEqualTo(401);

        // the real mvn, with the generated settings.xml as its user settings
        Path settings = Files.writeString(
                scratch.resolve("settings.xml"),
                SecretValues.get(secret, CredentialsSecret.MAVEN_SETTINGS_KEY).orElseThrow());
        Run covered = mvn(settings, "releases");
        assertThat(covered.exit())
                .as("mvn deploy to releases:%n%s", covered.output())
                .isZero();
        assertThat(get("/maven/releases/com/example/e2e/app/1.0.0/app-1.0.0.pom", bearer))
                .isEqualTo(200);
        Run outside = mvn(settings, "other-releases");
        assertThat(outside.exit()).as("mvn deploy outside the policy must fail").isNotZero();
        assertThat(outside.output()).contains("403");
        assertThat(get("/maven/other-releases/com/example/e2e/app/1.0.0/app-1.0.0.pom", basic("admin", ADMIN_PASSWORD)))
                .isEqualTo(404);

        // deleting the AccessPolicy revokes the token: the registry refuses it from then on
        client.resources(AccessPolicy.class).inNamespace(ns).withName("ci-push").delete();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> get("/api/v1/whoami", bearer) == 401);
        assertThat(List.of(get("/api/v1/whoami", basic(username, token)))).containsExactly(401);
    }

    @Test
    void theRegistryStartedAsTheDeploymentSaysKeepsEveryRepositoryTheResourcesDeclare() throws Exception {
        // the registry declares nothing of its own: exactly the resources' repositories, as they declare them
        HttpSession.Response listed = send("/api/v1/repositories", basic("admin", ADMIN_PASSWORD));
        assertThat(listed.status()).as(listed.text()).isEqualTo(200);
        Map<String, String> visibility = new TreeMap<>();
        for (JsonNode repository : json.readTree(listed.text()).path("items")) {
            visibility.put(
                    repository.path("name").asText(),
                    repository.path("visibility").asText());
        }
        assertThat(visibility)
                .containsOnlyKeys("containers", "releases", "npm", "other-releases")
                .containsEntry("npm", "public")
                .containsEntry("containers", "private");
        // the public npm repository stays public: an anonymous install finds nothing yet, and is not refused
        assertThat(get("/npm/npm/left-pad", null)).isEqualTo(404);
        try (CouchDbDocumentStore documents = OperatorHarness.sampleDatabase(COUCHDB.url(), database)) {
            for (String name : List.of("containers", "npm", "releases")) {
                assertThat(documents
                                .get("repository:" + name)
                                .orElseThrow()
                                .body()
                                .path("managedBy")
                                .asText())
                        .startsWith("Repository/" + ns + "/");
            }
            assertThat(documents.get("repository:maven-snapshots")).isEmpty();
        }
        // and through the operator's resyncs every Repository stays Synced: no NameTaken
        await().during(RESYNC.multipliedBy(2))
                .atMost(RESYNC.multipliedBy(4))
                .until(() -> REPOSITORIES.stream().allMatch(this::synced));
    }

    @Test
    void theRegistryReadsTheProxyAndGroupTheResourcesDeclareAndNeverShowsTheUpstreamPassword() throws Exception {
        String password = "upstream-password-" + System.nanoTime();
        OperatorHarness.applySamples(
                cluster,
                object -> {
                    if (object instanceof io.fabric8.kubernetes.api.model.Secret secret) {
                        secret.setStringData(Map.of("username", "puller", "password", password));
                    }
                    return object;
                },
                "repository-npm-proxy.yaml",
                "repository-npm-group.yaml");
        String admin = basic("admin", ADMIN_PASSWORD);
        // the registry reads both documents from the changes feed
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> get("/api/v1/repositories/npmjs", admin) == 200
                        && get("/api/v1/repositories/npm-all", admin) == 200);
        HttpSession.Response shown = send("/api/v1/repositories/npmjs", admin);
        JsonNode proxy = json.readTree(shown.text());
        assertThat(proxy.path("kind").asText()).isEqualTo("proxy");
        assertThat(proxy.at("/proxy/url").asText()).isEqualTo("https://npm-upstream.example.com/");
        assertThat(proxy.at("/proxy/credentials/username").asText()).isEqualTo("puller");
        assertThat(proxy.at("/proxy/metadataMaxAge").asText()).isEqualTo("PT30M");
        assertThat(shown.text()).doesNotContain(password);
        JsonNode group =
                json.readTree(send("/api/v1/repositories/npm-all", admin).text());
        assertThat(group.path("kind").asText()).isEqualTo("group");
        assertThat(group.at("/group/members").toString()).isEqualTo("[\"npm\",\"npmjs\"]");
        // the registry has the password: it is in the document the operator wrote, and only there
        try (CouchDbDocumentStore documents = OperatorHarness.sampleDatabase(COUCHDB.url(), database)) {
            assertThat(documents
                            .get("repository:npmjs")
                            .orElseThrow()
                            .body()
                            .at("/proxy/credentials/password")
                            .asText())
                    .isEqualTo(password);
        }
        assertThat(client.getKubernetesSerialization()
                        .asJson(client.resources(Repository.class)
                                .inNamespace(ns)
                                .withName("npmjs")
                                .get()))
                .doesNotContain(password);
    }

    @Test
    void theNpmrcOfAPolicyCoveringAnNpmRepositoryPublishesWithTheRealNpm() throws Exception {
        AccessPolicy publish = new AccessPolicy();
        publish.setMetadata(new ObjectMetaBuilder()
                .withName("npm-publish")
                .withNamespace(ns)
                .build());
        publish.setSpec(new AccessPolicySpec(
                new ObjectReference("enseada"),
                List.of(),
                List.of(new AccessPolicySpec.Rule(
                        List.of("npm"), null, List.of(AccessAction.READ, AccessAction.WRITE))),
                new AccessPolicySpec.CredentialsSpec(null, List.of(CredentialType.NPMRC), null, null)));
        client.resource(publish).create();
        String npmrc = await().atMost(WAIT)
                .until(
                        () -> {
                            var secret = client.secrets()
                                    .inNamespace(ns)
                                    .withName("npm-publish-credentials")
                                    .get();
                            return secret == null
                                    ? null
                                    : SecretValues.get(secret, CredentialsSecret.NPMRC_KEY)
                                            .orElse(null);
                        },
                        text -> text != null && text.contains("_authToken"));
        Path userconfig = Files.writeString(scratch.resolve("npmrc"), npmrc);
        Path project = Files.createDirectories(scratch.resolve("e2e-pkg"));
        Files.writeString(project.resolve("package.json"), "{\"name\": \"e2e-pkg\", \"version\": \"1.0.0\"}\n");
        Files.writeString(project.resolve("index.js"), "module.exports = 42;\n");

        // the registry reads the new policy, robot and token from the changes feed
        Run published = await().atMost(WAIT)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> npm(project, userconfig, "publish"), run -> run.exit() == 0);
        assertThat(published.output()).contains("e2e-pkg@1.0.0");
        assertThat(get("/npm/npm/e2e-pkg", null)).isEqualTo(200);

        // ci-push covers no npm repository: its .npmrc holds no line npm would refuse
        var ci = client.secrets()
                .inNamespace(ns)
                .withName("ci-registry-credentials")
                .get();
        assertThat(SecretValues.get(ci, CredentialsSecret.NPMRC_KEY).orElseThrow())
                .doesNotContain("_authToken")
                .startsWith("#");
    }

    /** The real npm in {@code project} with {@code userconfig} as its only configuration. */
    private Run npm(Path project, Path userconfig, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                "npm",
                "--userconfig",
                userconfig.toString(),
                "--cache",
                scratch.resolve("npm-cache").toString(),
                "--no-update-notifier",
                "--no-fund",
                "--color=false"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(project.toFile())
                .redirectErrorStream(true)
                .redirectOutput(scratch.resolve("npm.log").toFile());
        builder.environment().keySet().removeIf(key -> key.toLowerCase().startsWith("npm_config_"));
        builder.environment()
                .put("HOME", Files.createDirectories(scratch.resolve("home")).toString());
        builder.environment()
                .put(
                        "npm_config_globalconfig",
                        scratch.resolve("home/globalnpmrc").toString());
        Process npm = builder.start();
        if (!npm.waitFor(2, TimeUnit.MINUTES)) {
            npm.destroyForcibly().waitFor();
            throw new AssertionError("npm did not finish:\n" + Files.readString(scratch.resolve("npm.log")));
        }
        return new Run(npm.exitValue(), Files.readString(scratch.resolve("npm.log")));
    }
}
