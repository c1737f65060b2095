package io.enseada.registry.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.enseada.registry.oci.OciPush;
import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.testing.HttpSession;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The management API against a running registry: every route the OpenAPI document lists is
 * called here (the last test checks that), with its success and its refusals.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManagementApiIT {
    @TempDir
    static Path dataDir;

    private TestRegistry registry;
    private HttpSession admin;
    private final Set<String> covered = new TreeSet<>();

    @BeforeAll
    void start() {
        registry = TestRegistry.start(dataDir, Map.of());
        admin = registry.admin();
    }

    @AfterAll
    void stop() {
        registry.close();
    }

    /** Calls a route and records its documented template as covered. */
    private HttpSession.Response call(HttpSession session, String method, String template, String path, Object body) {
        covered.add(method.toLowerCase() + " " + template);
        return session.send(method, path, body);
    }

    @Test
    @Order(1)
    void openApiDocumentIsValid() {
        HttpSession.Response response = registry.anonymous().get("/api/openapi.json");
        assertThat(response.status()).isEqualTo(200);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(response.text());
        assertThat(parsed.getMessages()).isEmpty();
        assertThat(parsed.getOpenAPI().getPaths()).isNotEmpty();
    }

    @Test
    @Order(2)
    void repositoriesAreManagedByAdministrators() {
        HttpSession.Response created = call(
                admin,
                "POST",
                "/api/v1/repositories",
                "/api/v1/repositories",
                Map.of("name", "team-libs", "format", "maven", "maven", Map.of("versionPolicy", "mixed")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(call(
                                admin,
                                "POST",
                                "/api/v1/repositories",
                                "/api/v1/repositories",
                                Map.of("name", "team-libs", "format", "maven"))
                        .status())
                .isEqualTo(409);
        HttpSession.Response invalid = call(
                admin,
                "POST",
                "/api/v1/repositories",
                "/api/v1/repositories",
                Map.of("name", "Bad_Name", "format", "maven"));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().at("/error/message").asText()).contains("Bad_Name");
        HttpSession.Response badFormat = call(
                admin, "POST", "/api/v1/repositories", "/api/v1/repositories", Map.of("name", "x", "format", "pypi"));
        assertThat(badFormat.status()).isEqualTo(400);
        assertThat(badFormat.json().at("/error/field").asText()).isEqualTo("format");

        JsonNode one = call(admin, "GET", "/api/v1/repositories/{name}", "/api/v1/repositories/team-libs", null)
                .json();
        assertThat(one.at("/maven/versionPolicy").asText()).isEqualTo("mixed");
        HttpSession.Response replaced = call(
                admin,
                "PUT",
                "/api/v1/repositories/{name}",
                "/api/v1/repositories/team-libs",
                Map.of("name", "team-libs", "format", "maven", "visibility", "public"));
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(registry.anonymous().get("/api/v1/repositories/team-libs").status())
                .isEqualTo(200);
        assertThat(call(
                                admin,
                                "PUT",
                                "/api/v1/repositories/{name}",
                                "/api/v1/repositories/team-libs",
                                Map.of("name", "other", "format", "maven"))
                        .json()
                        .at("/error/field")
                        .asText())
                .isEqualTo("name");

        JsonNode list = call(registry.anonymous(), "GET", "/api/v1/repositories", "/api/v1/repositories", null)
                .json();
        assertThat(list.at("/items").findValuesAsText("name")).containsExactly("team-libs");
        assertThat(call(admin, "DELETE", "/api/v1/repositories/{name}", "/api/v1/repositories/team-libs", null)
                        .status())
                .isEqualTo(204);
        assertThat(admin.get("/api/v1/repositories/team-libs").status()).isEqualTo(404);
        assertThat(admin.delete("/api/v1/repositories/team-libs").status()).isEqualTo(404);
    }

    @Test
    @Order(2)
    void aProxysCacheIsEmptiedByAnAdministratorAndOnlyAProxyHasOne() {
        HttpSession.Response proxy = call(
                admin,
                "POST",
                "/api/v1/repositories",
                "/api/v1/repositories",
                Map.of(
                        "name",
                        "npm-cache",
                        "format",
                        "npm",
                        "kind",
                        "proxy",
                        "proxy",
                        Map.of("url", "http://127.0.0.1:9/")));
        assertThat(proxy.status()).as(proxy.toString()).isEqualTo(201);

        HttpSession.Response emptied = call(
                admin, "DELETE", "/api/v1/repositories/{name}/cache", "/api/v1/repositories/npm-cache/cache", null);
        assertThat(emptied.status()).isEqualTo(200);
        assertThat(emptied.json().path("removed").asLong()).isZero();
        assertThat(admin.delete("/api/v1/repositories/npm/cache").status())
                .as("a hosted repository has no cache")
                .isEqualTo(409);
        assertThat(registry.anonymous()
                        .delete("/api/v1/repositories/npm-cache/cache")
                        .status())
                .isEqualTo(401);
        assertThat(admin.delete("/api/v1/repositories/npm-cache/cache?path=../x")
                        .status())
                .isEqualTo(400);
        assertThat(admin.get("/api/v1/repositories/npm-cache")
                        .json()
                        .at("/cache/miss")
                        .asLong())
                .isZero();
        assertThat(admin.delete("/api/v1/repositories/npm-cache").status()).isEqualTo(204);
    }

    @Test
    @Order(3)
    void usersAreManagedByAdministratorsAndNeverShowTheirHash() {
        HttpSession.Response created = call(
                admin,
                "POST",
                "/api/v1/users",
                "/api/v1/users",
                Map.of("name", "alice", "password", "alice-password", "groups", List.of("devs")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.text()).doesNotContain("passwordHash", "alice-password");
        HttpSession.Response shortPassword =
                call(admin, "POST", "/api/v1/users", "/api/v1/users", Map.of("name", "bob", "password", "short"));
        assertThat(shortPassword.status()).isEqualTo(400);
        assertThat(shortPassword.json().at("/error/field").asText()).isEqualTo("password");
        // bcrypt reads 72 bytes and ignores the rest: such a password is refused, never silently cut.
        String tooLong = "é".repeat(36) + "x";
        HttpSession.Response longPassword =
                call(admin, "POST", "/api/v1/users", "/api/v1/users", Map.of("name", "bob", "password", tooLong));
        assertThat(longPassword.status()).isEqualTo(400);
        assertThat(longPassword.json().at("/error/field").asText()).isEqualTo("password");
        assertThat(longPassword.json().at("/error/message").asText())
                .contains("72 bytes")
                .doesNotContain(tooLong);
        assertThat(admin.get("/api/v1/users/bob").status()).isEqualTo(404);
        assertThat(admin.patch("/api/v1/users/alice", Map.of("password", tooLong))
                        .status())
                .isEqualTo(400);
        assertThat(call(
                                admin,
                                "POST",
                                "/api/v1/users",
                                "/api/v1/users",
                                Map.of("name", "maxed", "password", "é".repeat(36)))
                        .status())
                .as("72 bytes exactly")
                .isEqualTo(201);
        assertThat(registry.anonymous()
                        .basic("maxed", "é".repeat(36))
                        .get("/api/v1/whoami")
                        .status())
                .isEqualTo(200);

        HttpSession alice = registry.anonymous().basic("alice", "alice-password");
        assertThat(call(alice, "GET", "/api/v1/users", "/api/v1/users", null).status())
                .isEqualTo(403);
        assertThat(call(registry.anonymous(), "GET", "/api/v1/users", "/api/v1/users", null)
                        .status())
                .isEqualTo(401);
        assertThat(call(admin, "GET", "/api/v1/users", "/api/v1/users", null)
                        .json()
                        .at("/items")
                        .findValuesAsText("name"))
                .contains("admin", "alice");
        assertThat(call(admin, "GET", "/api/v1/users/{name}", "/api/v1/users/alice", null)
                        .json()
                        .at("/groups/0")
                        .asText())
                .isEqualTo("devs");

        assertThat(call(
                                admin,
                                "PATCH",
                                "/api/v1/users/{name}",
                                "/api/v1/users/alice",
                                Map.of("password", "alice-new-password"))
                        .status())
                .isEqualTo(200);
        assertThat(alice.get("/api/v1/whoami").status()).isEqualTo(401);
        HttpSession aliceNew = registry.anonymous().basic("alice", "alice-new-password");
        assertThat(aliceNew.get("/api/v1/whoami").json().at("/name").asText()).isEqualTo("alice");

        call(admin, "PATCH", "/api/v1/users/{name}", "/api/v1/users/alice", Map.of("disabled", true));
        assertThat(aliceNew.get("/api/v1/whoami").status()).isEqualTo(401);
        call(admin, "PATCH", "/api/v1/users/{name}", "/api/v1/users/alice", Map.of("disabled", false));
        assertThat(aliceNew.get("/api/v1/whoami").status()).isEqualTo(200);

        call(admin, "POST", "/api/v1/users", "/api/v1/users", Map.of("name", "temp", "password", "temp-password"));
        assertThat(call(admin, "DELETE", "/api/v1/users/{name}", "/api/v1/users/temp", null)
                        .status())
                .isEqualTo(204);
        assertThat(admin.get("/api/v1/users/temp").status()).isEqualTo(404);
        assertThat(admin.delete("/api/v1/users/admin").status()).isEqualTo(409);
    }

    @Test
    @Order(4)
    void robotsAreManagedByAdministrators() {
        assertThat(call(
                                admin,
                                "POST",
                                "/api/v1/robots",
                                "/api/v1/robots",
                                Map.of("name", "ci", "description", "pipelines"))
                        .status())
                .isEqualTo(201);
        assertThat(call(admin, "GET", "/api/v1/robots", "/api/v1/robots", null)
                        .json()
                        .at("/items/0/name")
                        .asText())
                .isEqualTo("ci");
        assertThat(call(admin, "GET", "/api/v1/robots/{name}", "/api/v1/robots/ci", null)
                        .json()
                        .at("/description")
                        .asText())
                .isEqualTo("pipelines");
        assertThat(call(admin, "PATCH", "/api/v1/robots/{name}", "/api/v1/robots/ci", Map.of("description", "CI"))
                        .json()
                        .at("/description")
                        .asText())
                .isEqualTo("CI");
        call(admin, "POST", "/api/v1/robots", "/api/v1/robots", Map.of("name", "old"));
        assertThat(call(admin, "DELETE", "/api/v1/robots/{name}", "/api/v1/robots/old", null)
                        .status())
                .isEqualTo(204);
        assertThat(admin.get("/api/v1/robots/old").status()).isEqualTo(404);
    }

    @Test
    @Order(5)
    void policiesGrantAndTokensNarrow() {
        HttpSession.Response invalid = call(
                admin,
                "POST",
                "/api/v1/policies",
                "/api/v1/policies",
                Map.of(
                        "name",
                        "bad",
                        "subjects",
                        List.of("nobody"),
                        "rules",
                        List.of(Map.of("repositories", List.of("*"), "actions", List.of("read")))));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().at("/error/message").asText()).contains("nobody");

        Map<String, Object> devsRead = Map.of(
                "name",
                "devs-read",
                "subjects",
                List.of("group:devs", "robot:ci"),
                "rules",
                List.of(Map.of("repositories", List.of("containers", "npm"), "actions", List.of("read", "write"))));
        assertThat(call(admin, "POST", "/api/v1/policies", "/api/v1/policies", devsRead)
                        .status())
                .isEqualTo(201);
        assertThat(call(admin, "GET", "/api/v1/policies", "/api/v1/policies", null)
                        .json()
                        .at("/items/0/name")
                        .asText())
                .isEqualTo("devs-read");
        assertThat(call(admin, "GET", "/api/v1/policies/{name}", "/api/v1/policies/devs-read", null)
                        .status())
                .isEqualTo(200);

        HttpSession alice = registry.anonymous().basic("alice", "alice-new-password");
        JsonNode whoami =
                call(alice, "GET", "/api/v1/whoami", "/api/v1/whoami", null).json();
        assertThat(whoami.at("/subjects").toString()).contains("user:alice", "group:devs", "authenticated");
        assertThat(whoami.toString())
                .contains("\"repository\":\"containers\"", "\"read\"", "\"write\"")
                .doesNotContain("maven-releases");

        // A token scoped to npm only, for alice.
        HttpSession.Response token = call(
                alice,
                "POST",
                "/api/v1/tokens",
                "/api/v1/tokens",
                Map.of(
                        "description",
                        "laptop",
                        "scope",
                        List.of(Map.of("repositories", List.of("npm"), "actions", List.of("read")))));
        assertThat(token.status()).as(token.toString()).isEqualTo(201);
        String secret = token.json().at("/token").asText();
        String id = token.json().at("/details/id").asText();
        assertThat(secret).startsWith("ens_" + id + "_");
        HttpSession scoped = registry.anonymous().bearer(secret);
        JsonNode scopedRights = scoped.get("/api/v1/whoami").json();
        assertThat(scopedRights.toString())
                .contains("\"repository\":\"npm\"")
                .doesNotContain("\"repository\":\"containers\"", "\"write\"");
        HttpSession.Response child = scoped.post("/api/v1/tokens", Map.of());
        assertThat(child.status())
                .as("a scoped token makes tokens no wider than itself")
                .isEqualTo(201);
        assertThat(child.json().at("/details/scope")).isEqualTo(token.json().at("/details/scope"));
        assertThat(registry.anonymous()
                        .basic("alice", secret)
                        .get("/api/v1/whoami")
                        .json()
                        .at("/name")
                        .asText())
                .isEqualTo("alice");

        JsonNode listed =
                call(alice, "GET", "/api/v1/tokens", "/api/v1/tokens", null).json();
        assertThat(listed.toString())
                .contains(id)
                .doesNotContain(secret.substring(21))
                .doesNotContain("secretHash");
        assertThat(call(alice, "GET", "/api/v1/tokens/{id}", "/api/v1/tokens/" + id, null)
                        .json()
                        .at("/owner")
                        .asText())
                .isEqualTo("user:alice");
        assertThat(admin.get("/api/v1/tokens?owner=*").text()).contains(id);
        assertThat(alice.get("/api/v1/tokens?owner=user:admin").status()).isEqualTo(403);
        assertThat(alice.post("/api/v1/tokens", Map.of("owner", "robot:ci")).status())
                .isEqualTo(403);
        assertThat(alice.post(
                                "/api/v1/tokens",
                                Map.of(
                                        "expiresAt",
                                        Instant.now().minusSeconds(5).toString()))
                        .json()
                        .at("/error/field")
                        .asText())
                .isEqualTo("expiresAt");
        HttpSession.Response nullRule =
                alice.send("POST", "/api/v1/tokens", Map.of("scope", Collections.singletonList(null)));
        assertThat(nullRule.status())
                .as("a scope rule that is null: " + nullRule)
                .isEqualTo(400);
        assertThat(nullRule.json().at("/error/field").asText()).isEqualTo("scope[0]");

        // Robots get tokens from administrators only; the robot then acts through its policy.
        String robotToken = admin.post("/api/v1/tokens", Map.of("owner", "robot:ci"))
                .json()
                .at("/token")
                .asText();
        JsonNode robot =
                registry.anonymous().bearer(robotToken).get("/api/v1/whoami").json();
        assertThat(robot.at("/kind").asText()).isEqualTo("robot");
        assertThat(robot.toString()).contains("\"repository\":\"containers\"");

        assertThat(call(alice, "DELETE", "/api/v1/tokens/{id}", "/api/v1/tokens/" + id, null)
                        .status())
                .isEqualTo(204);
        assertThat(scoped.get("/api/v1/whoami").status()).isEqualTo(401);
        assertThat(alice.get("/api/v1/tokens/" + id).json().at("/revoked").asBoolean())
                .isTrue();

        Map<String, Object> narrowed = Map.of(
                "name",
                "devs-read",
                "subjects",
                List.of("group:devs"),
                "rules",
                List.of(Map.of("repositories", List.of("npm"), "actions", List.of("read"))));
        assertThat(call(admin, "PUT", "/api/v1/policies/{name}", "/api/v1/policies/devs-read", narrowed)
                        .status())
                .isEqualTo(200);
        assertThat(alice.get("/api/v1/whoami").text()).doesNotContain("\"repository\":\"containers\"");
        assertThat(call(admin, "DELETE", "/api/v1/policies/{name}", "/api/v1/policies/devs-read", null)
                        .status())
                .isEqualTo(204);
        assertThat(alice.get("/api/v1/whoami").json().at("/repositories").size())
                .isZero();
    }

    @Test
    @Order(6)
    void everyWriteIsAudited() {
        HttpSession.Response audit = call(admin, "GET", "/api/v1/audit", "/api/v1/audit?limit=100", null);
        assertThat(audit.status()).isEqualTo(200);
        List<String> actions = audit.json().at("/items").findValuesAsText("action");
        assertThat(actions)
                .contains(
                        "repository.create",
                        "repository.update",
                        "repository.delete",
                        "user.create",
                        "user.update",
                        "user.delete",
                        "robot.create",
                        "robot.delete",
                        "policy.create",
                        "policy.update",
                        "policy.delete",
                        "token.create",
                        "token.revoke");
        assertThat(audit.json().at("/items/0/record/action").asText())
                .as("newest first")
                .isEqualTo("policy.delete");
        assertThat(audit.json().at("/items/0/record/actor").asText()).isEqualTo("user:admin");
        assertThat(audit.json().at("/items/0/record/source").asText()).isNotBlank();
        assertThat(audit.text()).doesNotContain("alice-password", "ens_");
        assertThat(registry.anonymous()
                        .basic("alice", "alice-new-password")
                        .get("/api/v1/audit")
                        .status())
                .isEqualTo(403);
        assertThat(admin.get("/api/v1/audit?limit=0").json().at("/error/field").asText())
                .isEqualTo("limit");
    }

    @Test
    @Order(7)
    void failedLoginsAreSlowedDownPerAccountAndAddress() {
        HttpSession wrong = registry.anonymous().basic("alice", "not-her-password");
        int status = 0;
        for (int i = 0; i < 12 && status != 429; i++) {
            status = wrong.get("/api/v1/whoami").status();
        }
        assertThat(status).isEqualTo(429);
        HttpSession.Response refused = wrong.get("/api/v1/whoami");
        assertThat(refused.header("Retry-After")).isNotBlank();
        assertThat(refused.text()).doesNotContain("not-her-password");
        // The lock holds for the right password too (remembered from alice's earlier calls or not),
        // or a 200 among the 429s would tell the guesser which guess was right.
        assertThat(registry.anonymous()
                        .basic("alice", "alice-new-password")
                        .get("/api/v1/whoami")
                        .status())
                .isEqualTo(429);
    }

    @Test
    @Order(8)
    void garbageCollectionIsForAdministratorsAndListsItsRuns() {
        String gc = "/api/v1/maintenance/gc";
        HttpSession.Response preview = call(admin, "POST", gc, gc, Map.of("dryRun", true));
        assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
        assertThat(preview.json().path("dryRun").asBoolean()).isTrue();
        assertThat(preview.json().path("examinedBlobs").isIntegralNumber()).isTrue();
        assertThat(call(admin, "POST", gc, gc, Map.of("dryRun", true, "everything", true))
                        .status())
                .as("an unknown field is refused, not ignored")
                .isEqualTo(400);
        assertThat(call(registry.anonymous(), "GET", gc, gc, null).status()).isEqualTo(401);
        HttpSession.Response runs = call(admin, "GET", gc, gc, null);
        assertThat(runs.status()).isEqualTo(200);
        assertThat(runs.json().at("/items/0/id").asText())
                .isEqualTo(preview.json().path("id").asText());
    }

    @Test
    @Order(9)
    void whatRepositoriesHoldIsListedSearchedAndShownToWhoMayReadIt() {
        assertThat(admin.post("/api/v1/repositories", Map.of("name", "browse-images", "format", "oci"))
                        .status())
                .isEqualTo(201);
        String name = "browse-images/tools/probe";
        String config = OciPush.blob(admin, name, "{}".getBytes(StandardCharsets.UTF_8));
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                + config + "\",\"size\":2},\"layers\":[]}";
        String digest = OciPush.manifest(
                admin,
                name,
                "1.0",
                "application/vnd.oci.image.manifest.v1+json",
                manifest.getBytes(StandardCharsets.UTF_8));
        String packages = "/api/v1/repositories/{name}/packages";
        HttpSession.Response listing =
                call(admin, "GET", packages, "/api/v1/repositories/browse-images/packages", null);
        assertThat(listing.status()).as(listing.toString()).isEqualTo(200);
        assertThat(listing.json().path("total").asInt()).isEqualTo(1);
        assertThat(listing.json().at("/items/0/name").asText()).isEqualTo("tools/probe");
        assertThat(listing.json().at("/items/0/latest").asText()).isEqualTo("1.0");
        assertThat(call(admin, "GET", packages, "/api/v1/repositories/browse-images/packages?sort=size", null)
                        .status())
                .isEqualTo(400);
        assertThat(call(registry.anonymous(), "GET", packages, "/api/v1/repositories/browse-images/packages", null)
                        .status())
                .isEqualTo(401);
        assertThat(call(admin, "GET", packages, "/api/v1/repositories/no-such-repo/packages", null)
                        .status())
                .isEqualTo(404);

        String detail = "/api/v1/repositories/{name}/packages/{package}";
        HttpSession.Response image =
                call(admin, "GET", detail, "/api/v1/repositories/browse-images/packages/tools/probe", null);
        assertThat(image.status()).as(image.toString()).isEqualTo(200);
        assertThat(image.json().at("/tags/0/digest").asText()).isEqualTo(digest);
        assertThat(call(admin, "GET", detail, "/api/v1/repositories/browse-images/packages/tools/none", null)
                        .status())
                .isEqualTo(404);

        HttpSession.Response found = call(admin, "GET", "/api/v1/search", "/api/v1/search?q=probe", null);
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json().at("/items/0/repository").asText()).isEqualTo("browse-images");
        assertThat(call(registry.anonymous(), "GET", "/api/v1/search", "/api/v1/search?q=probe", null)
                        .json()
                        .path("items"))
                .as("a private repository's packages are not found by anonymous callers")
                .isEmpty();
        assertThat(call(admin, "GET", "/api/v1/search", "/api/v1/search?q=" + "x".repeat(201), null)
                        .status())
                .isEqualTo(400);

        HttpSession.Response recent = call(admin, "GET", "/api/v1/activity", "/api/v1/activity?limit=5", null);
        assertThat(recent.status()).isEqualTo(200);
        assertThat(recent.json().at("/items/0/item/name").asText()).isEqualTo("tools/probe");
        assertThat(call(admin, "GET", "/api/v1/activity", "/api/v1/activity?limit=0", null)
                        .status())
                .isEqualTo(400);
    }

    @Test
    @Order(100)
    void everyDocumentedRouteWasCalled() {
        SwaggerParseResult parsed = new OpenAPIV3Parser()
                .readContents(registry.anonymous().get("/api/openapi.json").text());
        Set<String> documented = new TreeSet<>();
        parsed.getOpenAPI()
                .getPaths()
                .forEach((path, item) -> item.readOperationsMap()
                        .keySet()
                        .forEach(method -> documented.add(method.name().toLowerCase() + " " + path)));
        assertThat(covered).containsAll(documented);
    }
}
