package io.enseada.registry.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.json.Json;
import io.enseada.shared.model.DocumentIds;
import io.enseada.shared.model.TokenRecord;
import io.enseada.shared.model.TokenSecret;
import io.enseada.shared.testing.HttpSession;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a credential may do and pass on is bounded by the credential itself, not only by its
 * account: an administrator's scoped token or JWT is no administrator, a token made with a token
 * never outlives or outgrows it, a JWT dies with the token or password it was issued for, and a
 * deleted account's tokens never come back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CredentialBoundsIT {
    private static final List<Map<String, Object>> NPM_READ =
            List.of(Map.of("repositories", List.of("npm"), "actions", List.of("read")));

    @TempDir
    static Path dataDir;

    private TestRegistry registry;
    private HttpSession admin;

    @BeforeAll
    void start() {
        registry = TestRegistry.start(dataDir, Map.of());
        admin = registry.admin();
    }

    @AfterAll
    void stop() {
        registry.close();
    }

    @Test
    void anAdministratorsScopedTokenOrJwtManagesOnlyItsOwnTokens() {
        HttpSession alice = user("alice-b1", "alice-b1-password");
        JsonNode aliceToken = created(alice.post("/api/v1/tokens", Map.of("description", "laptop")));
        String aliceId = aliceToken.at("/details/id").asText();
        HttpSession scoped = registry.anonymous()
                .bearer(created(admin.post(
                                "/api/v1/tokens", Map.of("description", "admin read-only", "scope", NPM_READ)))
                        .at("/token")
                        .asText());
        HttpSession jwt = registry.anonymous()
                .bearer(admin.get("/auth/token?service=x&scope=repository:containers/app:pull")
                        .json()
                        .at("/token")
                        .asText());

        assertThat(admin.get("/api/v1/tokens?owner=*").text())
                .as("the administrator's password may")
                .contains(aliceId);
        for (HttpSession narrowed : List.of(scoped, jwt)) {
            assertThat(narrowed.get("/api/v1/tokens?owner=*").status()).isEqualTo(403);
            assertThat(narrowed.get("/api/v1/tokens?owner=user:alice-b1").status())
                    .isEqualTo(403);
            assertThat(narrowed.get("/api/v1/tokens/" + aliceId).status()).isEqualTo(404);
            assertThat(narrowed.delete("/api/v1/tokens/" + aliceId).status()).isEqualTo(404);
            assertThat(narrowed.post("/api/v1/tokens", Map.of("owner", "user:alice-b1"))
                            .status())
                    .isEqualTo(403);
            assertThat(narrowed.get("/api/v1/whoami").json().at("/admin").asBoolean())
                    .isFalse();

            // The npm token routes go through the same rules.
            assertThat(narrowed.get("/npm/npm/-/npm/v1/tokens").text()).doesNotContain(aliceId);
            HttpSession.Response npmRevoke = narrowed.delete("/npm/npm/-/npm/v1/tokens/token/" + aliceId);
            assertThat(npmRevoke.status()).isEqualTo(404);
            assertThat(npmRevoke.json().has("error")).isTrue();
            assertThat(narrowed.delete("/npm/npm/-/user/token/" + aliceId).status())
                    .isEqualTo(404);
        }
        assertThat(registry.anonymous()
                        .bearer(aliceToken.at("/token").asText())
                        .get("/api/v1/whoami")
                        .status())
                .as("alice's token survived")
                .isEqualTo(200);
    }

    @Test
    void aTokenMadeWithAnExpiringTokenExpiresNoLater() {
        HttpSession alice = user("alice-b12", "alice-b12-password");
        Instant inAnHour = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        HttpSession expiring = registry.anonymous()
                .bearer(created(alice.post("/api/v1/tokens", Map.of("expiresAt", inAnHour.toString())))
                        .at("/token")
                        .asText());

        JsonNode inherited = created(expiring.post("/api/v1/tokens", Map.of("description", "child")));
        assertThat(Instant.parse(inherited.at("/details/expiresAt").asText()))
                .as("expires with its parent")
                .isEqualTo(inAnHour);
        HttpSession.Response longer = expiring.post(
                "/api/v1/tokens",
                Map.of("expiresAt", inAnHour.plus(1, ChronoUnit.HOURS).toString()));
        assertThat(longer.status()).isEqualTo(400);
        assertThat(longer.json().at("/error/field").asText()).isEqualTo("expiresAt");
        Instant sooner = inAnHour.minus(30, ChronoUnit.MINUTES);
        assertThat(Instant.parse(created(expiring.post("/api/v1/tokens", Map.of("expiresAt", sooner.toString())))
                        .at("/details/expiresAt")
                        .asText()))
                .isEqualTo(sooner);
    }

    @Test
    void aTokenMadeWithAScopedTokenIsScopedNoWider() {
        HttpSession alice = user("alice-scope", "alice-scope-password");
        JsonNode wide = created(alice.post("/api/v1/tokens", Map.of("description", "unscoped")));
        JsonNode readOnly = created(alice.post("/api/v1/tokens", Map.of("scope", NPM_READ)));
        HttpSession scoped = registry.anonymous().bearer(readOnly.at("/token").asText());

        JsonNode inherited = created(scoped.post("/api/v1/tokens", Map.of()));
        assertThat(inherited.at("/details/scope"))
                .as("the parent's scope by default")
                .isEqualTo(readOnly.at("/details/scope"));
        JsonNode narrower = created(scoped.post(
                "/api/v1/tokens",
                Map.of(
                        "scope",
                        List.of(Map.of(
                                "repositories",
                                List.of("npm"),
                                "paths",
                                List.of("@acme/**"),
                                "actions",
                                List.of("read"))))));
        assertThat(narrower.at("/details/scope/0/paths/0").asText()).isEqualTo("@acme/**");
        for (List<Map<String, Object>> wider : List.of(
                List.of(Map.<String, Object>of("repositories", List.of("npm"), "actions", List.of("read", "write"))),
                List.of(Map.<String, Object>of("repositories", List.of("*"), "actions", List.of("read"))))) {
            HttpSession.Response refused = scoped.post("/api/v1/tokens", Map.of("scope", wider));
            assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
            assertThat(refused.json().at("/error/field").asText()).isEqualTo("scope");
        }
        assertThat(scoped.delete("/api/v1/tokens/" + wide.at("/details/id").asText())
                        .status())
                .as("nor revoke a wider token of its owner")
                .isEqualTo(403);
        assertThat(scoped.delete("/api/v1/tokens/" + inherited.at("/details/id").asText())
                        .status())
                .isEqualTo(204);
    }

    /**
     * Revoking a leaked token must end what its holder made with it: otherwise the thief mints a
     * child before the revocation and keeps the access the revocation was meant to end.
     */
    @Test
    void aTokenMadeWithATokenDiesWhenThatTokenIsRevoked() {
        HttpSession alice = user("alice-chain", "alice-chain-password");
        JsonNode leaked = created(alice.post("/api/v1/tokens", Map.of("description", "leaked")));
        JsonNode child = created(
                registry.anonymous().bearer(leaked.at("/token").asText()).post("/api/v1/tokens", Map.of()));
        JsonNode grandchild =
                created(registry.anonymous().bearer(child.at("/token").asText()).post("/api/v1/tokens", Map.of()));
        JsonNode sibling = created(alice.post("/api/v1/tokens", Map.of("description", "made with the password")));
        HttpSession grandchildJwt = registry.anonymous()
                .bearer(jwt(
                        registry.anonymous().basic("x", grandchild.at("/token").asText())));
        assertThat(grandchildJwt.get("/api/v1/whoami").status()).isEqualTo(200);
        // The line is bounded, so that no use checks more than a few tokens above it.
        JsonNode deepest = grandchild;
        for (int generation = 3; generation <= TokenService.MAX_GENERATIONS; generation++) {
            deepest = created(
                    registry.anonymous().bearer(deepest.at("/token").asText()).post("/api/v1/tokens", Map.of()));
        }
        assertThat(registry.anonymous()
                        .bearer(deepest.at("/token").asText())
                        .post("/api/v1/tokens", Map.of())
                        .status())
                .isEqualTo(400);

        assertThat(alice.delete("/api/v1/tokens/" + leaked.at("/details/id").asText())
                        .status())
                .isEqualTo(204);
        for (JsonNode made : List.of(child, grandchild)) {
            assertThat(registry.anonymous()
                            .bearer(made.at("/token").asText())
                            .get("/api/v1/whoami")
                            .status())
                    .as("a token made with the revoked one")
                    .isEqualTo(401);
            assertThat(alice.get("/api/v1/tokens/" + made.at("/details/id").asText())
                            .json()
                            .at("/revoked")
                            .asBoolean())
                    .as("and listed as revoked")
                    .isTrue();
        }
        assertThat(grandchildJwt.get("/api/v1/whoami").status())
                .as("a JWT of a grandchild")
                .isEqualTo(401);
        assertThat(registry.anonymous()
                        .bearer(sibling.at("/token").asText())
                        .get("/api/v1/whoami")
                        .status())
                .as("a token its owner made with the password")
                .isEqualTo(200);

        // One made on another replica in the moment before it saw the revocation dies as well.
        TokenSecret secret = TokenSecret.generate(new SecureRandom());
        TokenRecord late = new TokenRecord(
                secret.id(),
                "user:alice-chain",
                "made late",
                secret.hash(),
                Instant.now(),
                null,
                List.of(),
                false,
                null,
                uidOf("alice-chain"),
                List.of(
                        child.at("/details/id").asText(),
                        leaked.at("/details/id").asText()));
        registry.documents()
                .put(late.documentId(), null, (ObjectNode) Json.newMapper().valueToTree(late));
        await("the late token is seen")
                .atMost(Duration.ofSeconds(10))
                .until(() -> admin.get("/api/v1/tokens/" + secret.id()).status() == 200);
        assertThat(registry.anonymous()
                        .bearer(secret.value())
                        .get("/api/v1/whoami")
                        .status())
                .isEqualTo(401);
    }

    @Test
    void aJwtEndsWithTheTokenOrPasswordItWasIssuedFor() {
        HttpSession alice = user("alice-b14", "alice-b14-password");
        JsonNode token = created(alice.post("/api/v1/tokens", Map.of("description", "ci")));
        HttpSession byToken = registry.anonymous()
                .bearer(jwt(registry.anonymous()
                        .basic("alice-b14", token.at("/token").asText())));
        HttpSession byPassword = registry.anonymous().bearer(jwt(alice));
        assertThat(byToken.get("/api/v1/whoami").json().at("/name").asText()).isEqualTo("alice-b14");
        assertThat(byPassword.get("/api/v1/whoami").json().at("/name").asText()).isEqualTo("alice-b14");

        assertThat(alice.delete("/api/v1/tokens/" + token.at("/details/id").asText())
                        .status())
                .isEqualTo(204);
        assertThat(byToken.get("/api/v1/whoami").status())
                .as("its token is revoked")
                .isEqualTo(401);
        assertThat(byPassword.get("/api/v1/whoami").status()).isEqualTo(200);
        assertThat(admin.patch("/api/v1/users/alice-b14", Map.of("password", "alice-b14-changed"))
                        .status())
                .isEqualTo(200);
        assertThat(byPassword.get("/api/v1/whoami").status())
                .as("the password changed")
                .isEqualTo(401);

        // Nor does a JWT outlive the token it came from.
        String shortLived = created(registry.anonymous()
                        .basic("alice-b14", "alice-b14-changed")
                        .post(
                                "/api/v1/tokens",
                                Map.of(
                                        "expiresAt",
                                        Instant.now().plusSeconds(20).toString())))
                .at("/token")
                .asText();
        JsonNode issued = registry.anonymous()
                .basic("alice-b14", shortLived)
                .get("/auth/token?service=x")
                .json();
        assertThat(issued.at("/expires_in").asInt()).isBetween(1, 20);
    }

    @Test
    void deletingAnAccountRevokesItsTokensAndARecreatedNameStartsWithNone() {
        HttpSession carol = user("carol", "carol-password");
        String carolToken =
                created(carol.post("/api/v1/tokens", Map.of())).at("/token").asText();
        HttpSession carolJwt = registry.anonymous().bearer(jwt(carol));
        assertThat(admin.post("/api/v1/robots", Map.of("name", "builder")).status())
                .isEqualTo(201);
        String robotToken = created(admin.post("/api/v1/tokens", Map.of("owner", "robot:builder")))
                .at("/token")
                .asText();
        String oldUid = registry.documents()
                .get(DocumentIds.user("carol"))
                .orElseThrow()
                .body()
                .path("uid")
                .asText();

        assertThat(admin.delete("/api/v1/users/carol").status()).isEqualTo(204);
        assertThat(admin.delete("/api/v1/robots/builder").status()).isEqualTo(204);
        assertThat(admin.get("/api/v1/tokens?owner=user:carol")
                        .json()
                        .at("/items/0/revoked")
                        .asBoolean())
                .isTrue();
        assertThat(admin.get("/api/v1/audit?limit=5").text())
                .contains("user:carol (1 token revoked)", "robot:builder (1 token revoked)");

        assertThat(admin.post("/api/v1/users", Map.of("name", "carol", "password", "carol-password"))
                        .status())
                .isEqualTo(201);
        assertThat(admin.post("/api/v1/robots", Map.of("name", "builder")).status())
                .isEqualTo(201);
        assertThat(registry.anonymous().bearer(carolToken).get("/api/v1/whoami").status())
                .isEqualTo(401);
        assertThat(registry.anonymous().bearer(robotToken).get("/api/v1/whoami").status())
                .isEqualTo(401);
        assertThat(carolJwt.get("/api/v1/whoami").status())
                .as("the old account's JWT")
                .isEqualTo(401);

        // A token of the old account that escaped revocation (made on another replica in the same
        // moment) is still bound to the old account, not to the new carol; one made for the new
        // carol works, which shows the view holds both.
        String newUid = registry.documents()
                .get(DocumentIds.user("carol"))
                .orElseThrow()
                .body()
                .path("uid")
                .asText();
        assertThat(newUid).isNotBlank().isNotEqualTo(oldUid);
        String escaped = writeToken("user:carol", oldUid);
        String current = writeToken("user:carol", newUid);
        await("the new carol's token is seen")
                .atMost(Duration.ofSeconds(10))
                .until(() -> registry.anonymous()
                                .bearer(current)
                                .get("/api/v1/whoami")
                                .status()
                        == 200);
        assertThat(registry.anonymous().bearer(escaped).get("/api/v1/whoami").status())
                .isEqualTo(401);
        assertThat(registry.anonymous()
                        .basic("carol", "carol-password")
                        .get("/api/v1/whoami")
                        .status())
                .isEqualTo(200);
    }

    /** A token document written the way another replica or the operator writes one. */
    private String writeToken(String owner, String ownerUid) {
        TokenSecret secret = TokenSecret.generate(new SecureRandom());
        TokenRecord record = new TokenRecord(
                secret.id(),
                owner,
                "written directly",
                secret.hash(),
                Instant.now(),
                null,
                List.of(),
                false,
                null,
                ownerUid);
        registry.documents()
                .put(record.documentId(), null, (ObjectNode) Json.newMapper().valueToTree(record));
        return secret.value();
    }

    private String uidOf(String user) {
        return registry.documents()
                .get(DocumentIds.user(user))
                .orElseThrow()
                .body()
                .path("uid")
                .asText();
    }

    private HttpSession user(String name, String password) {
        HttpSession.Response created = admin.post("/api/v1/users", Map.of("name", name, "password", password));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return registry.anonymous().basic(name, password);
    }

    private static JsonNode created(HttpSession.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json();
    }

    private static String jwt(HttpSession basic) {
        HttpSession.Response response = basic.get("/auth/token?service=x");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().at("/token").asText();
    }
}
