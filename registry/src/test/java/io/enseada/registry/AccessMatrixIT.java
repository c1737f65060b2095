package io.enseada.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.npm.TestPackages;
import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.json.Json;
import io.enseada.shared.testing.HttpSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole access matrix: every protocol × every kind of caller × read, write and delete, on a
 * public and a private repository, each cell checked for its exact status and its protocol's
 * error format. The rule it checks: bad credentials are always 401; administrators may do
 * everything; anyone may read a public repository; otherwise a caller may do what its policies
 * grant (reader: read; writer: read, write; deleter: read, delete) within its token's scope;
 * the management API's repository writes are for administrators; a refusal is 401 for anonymous
 * callers and 403 for known ones — except that the distribution API answers a bearer token from
 * {@code /auth/token} that lacks the action with 401 and {@code error="insufficient_scope"}, since
 * OCI clients then ask for a token with that scope. Such a token (the writer's, minted with only
 * {@code pull} on the OCI images) grants nothing outside the distribution API but public reads.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessMatrixIT {
    enum Protocol {
        OCI,
        MAVEN,
        NPM,
        API
    }

    enum Action {
        READ,
        WRITE,
        DELETE
    }

    enum Caller {
        ANONYMOUS,
        READER,
        WRITER,
        DELETER,
        ADMIN,
        WRONG_PASSWORD,
        EXPIRED_TOKEN,
        REVOKED_TOKEN,
        OTHER_REPOSITORY_TOKEN,
        DISABLED_USER,
        WRITER_PULL_JWT
    }

    private static final Set<Caller> BAD_CREDENTIALS =
            Set.of(Caller.WRONG_PASSWORD, Caller.EXPIRED_TOKEN, Caller.REVOKED_TOKEN, Caller.DISABLED_USER);
    /** What an OCI client should ask the token endpoint for, as a challenge names it. */
    private static final Map<Action, String> OCI_ACTIONS =
            Map.of(Action.READ, "pull", Action.WRITE, "pull,push", Action.DELETE, "delete");

    private static final Map<Protocol, String> FORMAT =
            Map.of(Protocol.OCI, "oci", Protocol.MAVEN, "maven", Protocol.NPM, "npm", Protocol.API, "npm");

    @TempDir
    static Path dir;

    private TestRegistry registry;
    private final Map<Caller, String> tokens = new EnumMap<>(Caller.class);
    private final AtomicInteger unique = new AtomicInteger();

    @BeforeAll
    void start() throws Exception {
        Path config = dir.resolve("enseada.yaml");
        Files.writeString(config, """
                repositories:
                  - {name: oci-private, format: oci}
                  - {name: oci-public, format: oci, visibility: public}
                  - {name: maven-private, format: maven, maven: {versionPolicy: mixed}}
                  - {name: maven-public, format: maven, visibility: public, maven: {versionPolicy: mixed}}
                  - {name: npm-private, format: npm}
                  - {name: npm-public, format: npm, visibility: public}
                  - {name: api-private, format: npm}
                  - {name: api-public, format: npm, visibility: public}
                  - {name: elsewhere, format: npm}
                users:
                  - {name: reader, password: reader-password}
                  - {name: writer, password: writer-password}
                  - {name: deleter, password: deleter-password}
                  - {name: disabled, password: disabled-password, disabled: true}
                policies:
                  - name: readers
                    subjects: [user:reader]
                    rules: [{repositories: ["*"], actions: [read]}]
                  - name: writers
                    subjects: [user:writer]
                    rules: [{repositories: ["*"], actions: [read, write]}]
                  - name: deleters
                    subjects: [user:deleter]
                    rules: [{repositories: ["*"], actions: [read, delete]}]
                """);
        // The matrix fails logins on purpose hundreds of times; throttling has its own test.
        registry = TestRegistry.start(
                dir.resolve("data"),
                Map.of(
                        "ENSEADA_CONFIG",
                        config.toString(),
                        "ENSEADA_LOGIN_FAILURES_PER_ACCOUNT",
                        "100000",
                        "ENSEADA_LOGIN_FAILURES_PER_ADDRESS",
                        "100000"));
        HttpSession admin = registry.admin();
        HttpSession writer = registry.anonymous().basic("writer", "writer-password");
        tokens.put(
                Caller.EXPIRED_TOKEN,
                writer.post(
                                "/api/v1/tokens",
                                Map.of("expiresAt", Instant.now().plusSeconds(2).toString()))
                        .json()
                        .at("/token")
                        .asText());
        JsonNode revoked = writer.post("/api/v1/tokens", Map.of()).json();
        tokens.put(Caller.REVOKED_TOKEN, revoked.at("/token").asText());
        assertThat(writer.delete("/api/v1/tokens/" + revoked.at("/details/id").asText())
                        .status())
                .isEqualTo(204);
        tokens.put(
                Caller.OTHER_REPOSITORY_TOKEN,
                writer.post(
                                "/api/v1/tokens",
                                Map.of(
                                        "scope",
                                        List.of(Map.of(
                                                "repositories",
                                                List.of("elsewhere"),
                                                "actions",
                                                List.of("read", "write", "delete")))))
                        .json()
                        .at("/token")
                        .asText());
        // Minted last: it lives five minutes, far longer than the matrix runs.
        JsonNode pullOnly = writer.get(
                        "/auth/token?service=matrix&scope=repository:oci-private/app:pull&scope=repository:oci-public/app:pull")
                .json();
        assertThat(pullOnly.at("/token").asText()).isNotEmpty();
        tokens.put(Caller.WRITER_PULL_JWT, pullOnly.at("/token").asText());
        for (String visibility : List.of("private", "public")) {
            pushImage(admin, "oci-" + visibility);
            assertThat(admin.raw(
                                    "PUT",
                                    "/maven/maven-" + visibility + "/org/acme/lib/1.0/lib-1.0.jar",
                                    Map.of(),
                                    bytes("jar"))
                            .status())
                    .isEqualTo(201);
            assertThat(admin.put("/npm/npm-" + visibility + "/fixture", TestPackages.publishBody("fixture", "1.0.0"))
                            .status())
                    .isIn(200, 201);
        }
        Thread.sleep(2_100); // the expiring token has now expired
    }

    @AfterAll
    void stop() {
        registry.close();
    }

    static Stream<Arguments> cells() {
        List<Arguments> cells = new ArrayList<>();
        for (Protocol protocol : Protocol.values()) {
            for (Caller caller : Caller.values()) {
                for (Action action : Action.values()) {
                    for (boolean isPublic : List.of(false, true)) {
                        cells.add(Arguments.of(protocol, caller, action, isPublic));
                    }
                }
            }
        }
        return cells.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2} public={3}")
    @MethodSource("cells")
    void cell(Protocol protocol, Caller caller, Action action, boolean isPublic) {
        String repository = protocol.name().toLowerCase() + (isPublic ? "-public" : "-private");
        HttpSession.Response response = perform(protocol, action, repository, session(protocol, caller));
        int expected = expected(protocol, caller, action, isPublic);
        assertThat(response.status()).as(response.toString()).isEqualTo(expected);
        if (expected == 401 || expected == 403) {
            assertErrorFormat(protocol, response, expected);
        }
        if (protocol == Protocol.OCI && expected == 401 && !BAD_CREDENTIALS.contains(caller)) {
            assertThat(response.header("WWW-Authenticate"))
                    .as(response.toString())
                    .contains("scope=\"repository:" + repository + "/app:" + OCI_ACTIONS.get(action) + "\"");
            assertThat(response.header("WWW-Authenticate").contains("error=\"insufficient_scope\""))
                    .isEqualTo(caller == Caller.WRITER_PULL_JWT);
        }
    }

    private int expected(Protocol protocol, Caller caller, Action action, boolean isPublic) {
        if (BAD_CREDENTIALS.contains(caller)) {
            return 401;
        }
        boolean allowed = caller == Caller.ADMIN
                || (caller == Caller.WRITER_PULL_JWT && protocol == Protocol.OCI && action == Action.READ)
                || (protocol == Protocol.API
                        ? action == Action.READ && granted(caller, action, isPublic)
                        : granted(caller, action, isPublic));
        if (allowed) {
            return success(protocol, action);
        }
        boolean renewable = caller == Caller.WRITER_PULL_JWT && protocol == Protocol.OCI;
        return caller == Caller.ANONYMOUS || renewable ? 401 : 403;
    }

    private static boolean readable(Caller caller, boolean isPublic) {
        return isPublic || Set.of(Caller.READER, Caller.WRITER, Caller.DELETER).contains(caller);
    }

    private static boolean granted(Caller caller, Action action, boolean isPublic) {
        if (caller == Caller.WRITER_PULL_JWT) {
            return action == Action.READ && isPublic;
        }
        return switch (action) {
            case READ -> readable(caller, isPublic);
            case WRITE -> caller == Caller.WRITER;
            case DELETE -> caller == Caller.DELETER;
        };
    }

    /** What each allowed request answers; deletes aim at something absent, so a pass through access is a 404. */
    private static int success(Protocol protocol, Action action) {
        return switch (action) {
            case READ -> 200;
            case WRITE ->
                switch (protocol) {
                    case OCI -> 202;
                    case MAVEN -> 201;
                    case NPM -> 201;
                    case API -> 200;
                };
            case DELETE -> 404;
        };
    }

    private HttpSession.Response perform(Protocol protocol, Action action, String repository, HttpSession session) {
        int n = unique.incrementAndGet();
        return switch (protocol) {
            case OCI ->
                switch (action) {
                    case READ ->
                        session.raw(
                                "GET",
                                "/v2/" + repository + "/app/manifests/1",
                                Map.of("Accept", "application/vnd.oci.image.manifest.v1+json"),
                                null);
                    case WRITE -> session.raw("POST", "/v2/" + repository + "/app/blobs/uploads/", Map.of(), null);
                    case DELETE ->
                        session.raw(
                                "DELETE", "/v2/" + repository + "/app/blobs/sha256:" + "0".repeat(64), Map.of(), null);
                };
            case MAVEN ->
                switch (action) {
                    case READ ->
                        session.raw("GET", "/maven/" + repository + "/org/acme/lib/1.0/lib-1.0.jar", Map.of(), null);
                    case WRITE ->
                        session.raw(
                                "PUT",
                                "/maven/" + repository + "/org/acme/lib/2." + n + "/lib-2." + n + ".jar",
                                Map.of(),
                                bytes("jar " + n));
                    case DELETE ->
                        session.raw(
                                "DELETE", "/maven/" + repository + "/org/acme/gone/9.9/gone-9.9.jar", Map.of(), null);
                };
            case NPM ->
                switch (action) {
                    case READ -> session.get("/npm/" + repository + "/fixture");
                    case WRITE ->
                        session.put("/npm/" + repository + "/fixture", TestPackages.publishBody("fixture", "2.0." + n));
                    case DELETE -> session.delete("/npm/" + repository + "/absent-package/-rev/1-abc");
                };
            case API ->
                switch (action) {
                    case READ -> session.get("/api/v1/repositories/" + repository);
                    case WRITE ->
                        session.put(
                                "/api/v1/repositories/" + repository,
                                Map.of(
                                        "name",
                                        repository,
                                        "format",
                                        FORMAT.get(protocol),
                                        "visibility",
                                        repository.endsWith("public") ? "public" : "private"));
                    case DELETE -> session.delete("/api/v1/repositories/" + repository + "-absent");
                };
        };
    }

    /** Tokens travel as clients send them: Basic password for OCI and Maven, Bearer for npm and the API. */
    private HttpSession session(Protocol protocol, Caller caller) {
        HttpSession anonymous = registry.anonymous();
        return switch (caller) {
            case ANONYMOUS -> anonymous;
            case READER -> anonymous.basic("reader", "reader-password");
            case WRITER -> anonymous.basic("writer", "writer-password");
            case DELETER -> anonymous.basic("deleter", "deleter-password");
            case ADMIN -> registry.admin();
            case WRONG_PASSWORD -> anonymous.basic("reader", "not-the-password");
            case DISABLED_USER -> anonymous.basic("disabled", "disabled-password");
            case EXPIRED_TOKEN, REVOKED_TOKEN, OTHER_REPOSITORY_TOKEN ->
                protocol == Protocol.OCI || protocol == Protocol.MAVEN
                        ? anonymous.basic("writer", tokens.get(caller))
                        : anonymous.bearer(tokens.get(caller));
            case WRITER_PULL_JWT -> anonymous.bearer(tokens.get(caller));
        };
    }

    private static void assertErrorFormat(Protocol protocol, HttpSession.Response response, int status) {
        switch (protocol) {
            case OCI -> {
                assertThat(response.json().at("/errors/0/code").asText())
                        .isEqualTo(status == 401 ? "UNAUTHORIZED" : "DENIED");
                if (status == 401) {
                    assertThat(response.header("WWW-Authenticate")).startsWith("Bearer realm=");
                }
            }
            case MAVEN -> {
                assertThat(response.text()).isNotBlank();
                if (status == 401) {
                    assertThat(response.header("WWW-Authenticate")).startsWith("Basic realm=");
                }
            }
            case NPM -> assertThat(response.json().at("/error").asText()).isNotBlank();
            case API -> assertThat(response.json().at("/error/code").asText()).isNotBlank();
        }
    }

    private static void pushImage(HttpSession admin, String repository) throws Exception {
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                .getBytes(StandardCharsets.UTF_8);
        String configDigest = digest(config);
        assertThat(admin.raw(
                                "POST",
                                "/v2/" + repository + "/app/blobs/uploads/?digest=" + configDigest,
                                Map.of("Content-Type", "application/octet-stream"),
                                config)
                        .status())
                .isEqualTo(201);
        ObjectNode manifest = Json.newMapper()
                .createObjectNode()
                .put("schemaVersion", 2)
                .put("mediaType", "application/vnd.oci.image.manifest.v1+json");
        manifest.putObject("config")
                .put("mediaType", "application/vnd.oci.image.config.v1+json")
                .put("digest", configDigest)
                .put("size", config.length);
        manifest.putArray("layers");
        HttpSession.Response pushed = admin.raw(
                "PUT",
                "/v2/" + repository + "/app/manifests/1",
                Map.of("Content-Type", "application/vnd.oci.image.manifest.v1+json"),
                Json.newMapper().writeValueAsBytes(manifest));
        assertThat(pushed.status()).as(pushed.toString()).isEqualTo(201);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String digest(byte[] content) throws Exception {
        return "sha256:"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
