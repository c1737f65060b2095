package io.enseada.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.operator.accesspolicy.AccessPolicy;
import io.enseada.operator.accesspolicy.CredentialsSecret;
import io.enseada.operator.common.SecretValues;
import io.enseada.operator.common.ObjectReference;
import io.enseada.operator.registry.Registry;
import io.enseada.operator.repository.Repository;
import io.enseada.operator.repository.RepositoryResourceSpec;
import io.enseada.shared.model.Format;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.enseada.operator.registry.RegistrySpec;
import io.enseada.operator.store.CouchDbRegistryStores;
import io.enseada.operator.testing.OperatorHarness;
import io.enseada.operator.testing.ProjectFiles;
import io.enseada.shared.json.Json;
import io.enseada.shared.model.TokenSecret;
import io.enseada.shared.testing.PouchDbServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The loop closed: a real registry process ({@code registry/target/enseada-registry.jar}) on a
 * pouchdb-server database, the operator in-process against the CRUD mock API server writing the
 * Repository and AccessPolicy documents into that same database, and the token from the generated
 * Secret used against the registry.
 *
 * <p>The real {@code mvn} deploys with the generated settings.xml into the repository the policy
 * covers and is refused (403) on one it does not; {@code /api/v1/whoami} shows the robot with the
 * granted repository actions, an administrator's route refuses it, and once the AccessPolicy is
 * deleted the registry refuses the token.
 */
@EnableKubernetesMockClient(crud = true)
class OperatorRegistryE2EIT {
    private static final String NS = "registry";
    private static final String DATABASE = "enseada-e2e";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Path REGISTRY_JAR = ProjectFiles.root().resolve("registry/target/enseada-registry.jar");

    @RegisterExtension
    static final PouchDbServer COUCHDB = PouchDbServer.inMemory().withAdmin("enseada", "change-me");

    @TempDir
    Path scratch;
    KubernetesClient client;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = Json.newMapper();
    private Process registry;
    private URI registryUrl;
    private CouchDbRegistryStores stores;
    private OperatorHarness operator;

    @BeforeEach
    void start() throws Exception {
        assertThat(REGISTRY_JAR).as("the registry jar; build with mvn -pl registry,operator -am verify").exists();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        registryUrl = URI.create("http://127.0.0.1:" + port);
        Path log = scratch.resolve("registry.log");
        ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
                "-jar", REGISTRY_JAR.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("ENSEADA_PORT", String.valueOf(port));
        env.put("ENSEADA_HOST", "127.0.0.1");
        env.put("ENSEADA_DATA_DIR", Files.createDirectories(scratch.resolve("data")).toString());
        env.put("ENSEADA_METADATA", "couchdb");
        env.put("ENSEADA_COUCHDB_URL", COUCHDB.url().toString());
        env.put("ENSEADA_COUCHDB_USERNAME", "enseada");
        env.put("ENSEADA_COUCHDB_PASSWORD", "change-me");
        env.put("ENSEADA_COUCHDB_DATABASE", DATABASE);
        env.put("ENSEADA_ADMIN_PASSWORD", "e2e-admin-password");
        env.put("ENSEADA_PUBLIC_URL", registryUrl.toString());
        registry = builder.start();
        try {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).ignoreExceptionsInstanceOf(IOException.class).until(() -> {
                assertThat(registry.isAlive()).as("registry process (log: %s)", Files.readString(log)).isTrue();
                return get("/health/ready", null) == 200;
            });
        } catch (RuntimeException | AssertionError e) {
            throw new AssertionError("registry did not become ready; its log:\n" + Files.readString(log), e);
        }

        stores = new CouchDbRegistryStores(client, Json.newMapper());
        operator = OperatorHarness.start(client, stores, Duration.ofSeconds(5), Duration.ofMinutes(5), Clock.systemUTC());
        UnaryOperator<HasMetadata> toTestRegistry = OperatorHarness.couchDbAt(COUCHDB.url(), DATABASE).andThen(object -> {
            if (object instanceof Registry r) {
                RegistrySpec s = r.getSpec();
                r.setSpec(new RegistrySpec(s.image(), 1, s.resources(), registryUrl.toString(), s.storage(), s.couchdb(),
                        s.tls(), s.tokenSigningKey(), s.adminPassword(), null, s.logFormat()));
            }
            return object;
        })::apply;
        OperatorHarness.applySamples(client, toTestRegistry, "00-secrets.yaml", "registry.yaml",
                "repository-oci.yaml", "repository-maven.yaml", "repository-npm.yaml", "accesspolicy-ci-push.yaml");
        // a Maven repository the policy does not cover
        Repository other = new Repository();
        other.setMetadata(new ObjectMetaBuilder().withName("other-releases").withNamespace(NS).build());
        other.setSpec(new RepositoryResourceSpec(new ObjectReference("enseada"), null, Format.MAVEN, null, null, null));
        client.resource(other).create();
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

    private int get(String path, String authorization) throws IOException, InterruptedException {
        return send(path, authorization).statusCode();
    }

    private HttpResponse<String> send(String path, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(registryUrl.resolve(path)).timeout(Duration.ofSeconds(10)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String username, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Repository name → actions, as whoami reports them for this caller. */
    private Map<String, Set<String>> rights(String authorization) throws IOException, InterruptedException {
        HttpResponse<String> response = send("/api/v1/whoami", authorization);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, Set<String>> rights = new HashMap<>();
        for (JsonNode entry : json.readTree(response.body()).path("repositories")) {
            Set<String> actions = new TreeSet<>();
            entry.path("actions").forEach(a -> actions.add(a.asText()));
            rights.put(entry.path("repository").asText(), actions);
        }
        return rights;
    }

    private record Mvn(int exit, String output) {
    }

    /** {@code mvn deploy} of a one-pom project to {@code repository}; plugins come from this machine's ~/.m2 (no network). */
    private Mvn mvn(Path userSettings, String repository) throws Exception {
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
        String plugins = Path.of(System.getProperty("user.home"), ".m2", "repository").toUri().toString();
        Path global = Files.writeString(scratch.resolve("global-settings.xml"), """
                <settings>
                  <mirrors>
                    <mirror><id>machine-plugins</id><mirrorOf>central</mirrorOf><url>%s</url></mirror>
                  </mirrors>
                </settings>
                """.formatted(plugins));
        Path log = scratch.resolve("mvn-" + repository + ".log");
        Process mvn = new ProcessBuilder("mvn", "-B", "-s", userSettings.toString(), "-gs", global.toString(),
                "-Dmaven.repo.local=" + scratch.resolve("m2"), "deploy")
                .directory(project.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!mvn.waitFor(3, TimeUnit.MINUTES)) {
            mvn.destroyForcibly().waitFor();
            throw new AssertionError("mvn did not finish:\n" + Files.readString(log));
        }
        return new Mvn(mvn.exitValue(), Files.readString(log));
    }

    @Test
    void theTokenInTheGeneratedSecretActsAsThePolicysRobotInTheRealRegistry() throws Exception {
        await().atMost(WAIT).until(() -> {
            var secret = client.secrets().inNamespace(NS).withName("ci-registry-credentials").get();
            return secret != null && SecretValues.get(secret, CredentialsSecret.TOKEN_KEY).isPresent();
        });
        var secret = client.secrets().inNamespace(NS).withName("ci-registry-credentials").get();
        String token = SecretValues.get(secret, CredentialsSecret.TOKEN_KEY).orElseThrow();
        String username = SecretValues.get(secret, CredentialsSecret.USERNAME_KEY).orElseThrow();
        assertThat(TokenSecret.parse(token)).isPresent();
        JsonNode docker = json.readTree(SecretValues.get(secret, CredentialsSecret.DOCKER_CONFIG_KEY).orElseThrow());
        assertThat(docker.path("auths").has(registryUrl.getAuthority())).isTrue();

        // the registry reads repositories, the policy, the robot and the token from the changes feed
        String bearer = "Bearer " + token;
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> send("/api/v1/whoami", bearer).statusCode() == 200
                && rights(bearer).getOrDefault("releases", Set.of()).contains("write")
                && rights(basic("admin", "e2e-admin-password")).containsKey("other-releases"));
        HttpResponse<String> whoami = send("/api/v1/whoami", bearer);
        JsonNode caller = json.readTree(whoami.body());
        assertThat(caller.path("name").asText()).isEqualTo("registry.ci-push");
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
        String forged = TokenSecret.parse(token).map(t -> "ens_" + t.id() + "_" + "A".repeat(43)).orElseThrow();
        assertThat(get("/api/v1/whoami", "Bearer " + forged)).isEqualTo(401);

        // the real mvn, with the generated settings.xml as its user settings
        Path settings = Files.writeString(scratch.resolve("settings.xml"),
                SecretValues.get(secret, CredentialsSecret.MAVEN_SETTINGS_KEY).orElseThrow());
        Mvn covered = mvn(settings, "releases");
        assertThat(covered.exit()).as("mvn deploy to releases:%n%s", covered.output()).isZero();
        assertThat(get("/maven/releases/com/example/e2e/app/1.0.0/app-1.0.0.pom", bearer)).isEqualTo(200);
        Mvn outside = mvn(settings, "other-releases");
        assertThat(outside.exit()).as("mvn deploy outside the policy must fail").isNotZero();
        assertThat(outside.output()).contains("403");
        assertThat(get("/maven/other-releases/com/example/e2e/app/1.0.0/app-1.0.0.pom", "Basic " + Base64.getEncoder()
                .encodeToString("admin:e2e-admin-password".getBytes(StandardCharsets.UTF_8)))).isEqualTo(404);

        // deleting the AccessPolicy revokes the token: the registry refuses it from then on
        client.resources(AccessPolicy.class).inNamespace(NS).withName("ci-push").delete();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> get("/api/v1/whoami", bearer) == 401);
        assertThat(List.of(get("/api/v1/whoami", basic(username, token)))).containsExactly(401);
    }
}
