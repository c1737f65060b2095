package io.enseada.registry.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.json.Json;
import io.enseada.shared.testing.HttpSession;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Docker token flow as containerd, docker and containers/image drive it: a request whose bearer
 * token from {@code /auth/token} lacks the action is answered 401 with a challenge naming the scope
 * and {@code error="insufficient_scope"}, and a client that asks again for that scope gets on.
 * Callers with fixed credentials (Basic, an {@code ens_} token) keep 403: asking again cannot help.
 */
class OciTokenChallengeTest {
    private static final ObjectMapper JSON = Json.newMapper();

    private static final Pattern SCOPE = Pattern.compile("scope=\"([^\"]*)\"");

    @TempDir
    static Path dataDir;

    static TestRegistry registry;
    static HttpSession admin;
    static HttpSession bob;
    static HttpSession anonymous;
    static String digest;

    @BeforeAll
    static void start() {
        registry = TestRegistry.start(dataDir, Map.of());
        HttpSession api = registry.admin();
        assertThat(api.post("/api/v1/repositories", Map.of("name", "public", "format", "oci", "visibility", "public"))
                        .status())
                .isEqualTo(201);
        registry.user("bob", "bob-password-123", List.of("containers"), "read", "write");
        admin = new HttpSession(registry.url()).basic("admin", TestRegistry.ADMIN_PASSWORD);
        bob = new HttpSession(registry.url()).basic("bob", "bob-password-123");
        anonymous = new HttpSession(registry.url());
        digest = OciPush.blob(admin, "containers/source", OciApiTest.random(700, 91));
        OciPush.image(admin, "containers/listed", "v1", 92);
        OciPush.image(admin, "public/listed", "v1", 93);
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void aTokenLackingTheActionIsChallengedForItAndTheTokenAskedForWithThatScopeSucceeds() {
        String pullOnly = token(bob, "repository:containers/app:pull");

        HttpSession.Response refused = withBearer("POST", "/v2/containers/app/blobs/uploads/", pullOnly);

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.errorCode()).isEqualTo("UNAUTHORIZED");
        String challenge = refused.header("WWW-Authenticate");
        assertThat(challenge)
                .isEqualTo("Bearer realm=\"" + registry.url() + "/auth/token\",service=\"127.0.0.1:" + registry.port()
                        + "\",scope=\"repository:containers/app:pull,push\",error=\"insufficient_scope\"");

        // What containerd does: ask the realm again, for the scopes the challenge names.
        String renewed = token(bob, scopes(challenge).get(0));
        HttpSession.Response accepted = withBearer("POST", "/v2/containers/app/blobs/uploads/", renewed);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        assertThat(accepted.header("Location")).startsWith("/v2/containers/app/blobs/uploads/");
    }

    @Test
    void readsAndDeletesBeyondTheTokenAreChallengedWithTheirOwnScope() {
        String token = token(bob, "repository:containers/app:pull");

        HttpSession.Response elsewhere = withBearer("GET", "/v2/containers/other/tags/list", token);
        assertThat(elsewhere.status()).isEqualTo(401);
        assertThat(elsewhere.header("WWW-Authenticate"))
                .contains("scope=\"repository:containers/other:pull\"", "error=\"insufficient_scope\"");

        HttpSession.Response delete = withBearer("DELETE", "/v2/containers/app/blobs/" + digest, token);
        assertThat(delete.status()).isEqualTo(401);
        assertThat(delete.header("WWW-Authenticate"))
                .contains("scope=\"repository:containers/app:delete\"", "error=\"insufficient_scope\"");
        // bob may not delete at all: asking again yields a token without it, and the answer stays a challenge.
        HttpSession.Response again = withBearer(
                "DELETE",
                "/v2/containers/app/blobs/" + digest,
                token(bob, scopes(delete.header("WWW-Authenticate")).get(0)));
        assertThat(again.status()).isEqualTo(401);
        assertThat(admin.head("/v2/containers/source/blobs/" + digest).status()).isEqualTo(200);
    }

    @Test
    void basicCredentialsAndApiTokensWithoutTheRightAreForbiddenForGood() {
        HttpSession.Response basicDelete = bob.delete("/v2/containers/app/blobs/" + digest);
        assertThat(basicDelete.status()).isEqualTo(403);
        assertThat(basicDelete.errorCode()).isEqualTo("DENIED");
        assertThat(basicDelete.header("WWW-Authenticate")).isNull();

        String apiToken = registry.anonymous()
                .basic("bob", "bob-password-123")
                .post(
                        "/api/v1/tokens",
                        Map.of(
                                "scope",
                                List.of(Map.of("repositories", List.of("containers"), "actions", List.of("read")))))
                .json()
                .at("/token")
                .asText();
        for (HttpSession.Response refused : List.of(
                withBearer("POST", "/v2/containers/app/blobs/uploads/", apiToken),
                new HttpSession(registry.url())
                        .basic("bob", apiToken)
                        .request("POST", "/v2/containers/app/blobs/uploads/")
                        .send())) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
            assertThat(refused.errorCode()).isEqualTo("DENIED");
            assertThat(refused.header("WWW-Authenticate")).isNull();
        }
        assertThat(withBearer("GET", "/v2/containers/source/blobs/" + digest, apiToken)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aBearerTokenOutsideTheDistributionApiIsForbiddenSinceNoClientThereAsksAgain() {
        String token = token(bob, "repository:containers/app:pull");
        HttpSession.Response api = registry.anonymous().bearer(token).get("/api/v1/users");
        assertThat(api.status()).isEqualTo(403);
        assertThat(api.header("WWW-Authenticate")).isNull();
    }

    @Test
    void theChallengeOfACrossRepositoryMountNamesTheTargetsPushAndTheSourcesPull() {
        String path = "/v2/containers/target/blobs/uploads/?mount=" + digest + "&from=containers/source";

        HttpSession.Response anonymousMount = anonymous.request("POST", path).send();
        assertThat(anonymousMount.status()).isEqualTo(401);
        assertThat(scopes(anonymousMount.header("WWW-Authenticate")))
                .containsExactly("repository:containers/target:pull,push repository:containers/source:pull");
        assertThat(anonymousMount.header("WWW-Authenticate")).doesNotContain("error=");

        HttpSession.Response pullOnly = withBearer("POST", path, token(bob, "repository:containers/target:pull"));
        assertThat(pullOnly.status()).isEqualTo(401);
        assertThat(pullOnly.header("WWW-Authenticate")).contains("error=\"insufficient_scope\"");
        List<String> asked =
                List.of(scopes(pullOnly.header("WWW-Authenticate")).get(0).split(" "));
        assertThat(asked)
                .containsExactly("repository:containers/target:pull,push", "repository:containers/source:pull");

        HttpSession.Response mounted = withBearer("POST", path, token(bob, asked.toArray(String[]::new)));
        assertThat(mounted.status()).as(mounted.toString()).isEqualTo(201);
        assertThat(mounted.header("Location")).isEqualTo("/v2/containers/target/blobs/" + digest);
    }

    @Test
    void theCatalogChallengesForItsScopeAndListsWhatTheTokensSubjectMayRead() {
        HttpSession.Response noCredentials = anonymous.get("/v2/_catalog");
        assertThat(noCredentials.status()).isEqualTo(401);
        assertThat(noCredentials.errorCode()).isEqualTo("UNAUTHORIZED");
        assertThat(scopes(noCredentials.header("WWW-Authenticate"))).containsExactly("registry:catalog:*");

        HttpSession.Response withoutScope =
                withBearer("GET", "/v2/_catalog", token(bob, "repository:containers/app:pull"));
        assertThat(withoutScope.status()).isEqualTo(401);
        assertThat(withoutScope.header("WWW-Authenticate"))
                .contains("scope=\"registry:catalog:*\"", "error=\"insufficient_scope\"");

        HttpSession.Response listed = withBearer("GET", "/v2/_catalog", token(bob, "registry:catalog:*"));
        assertThat(listed.status()).isEqualTo(200);
        assertThat(names(listed)).contains("containers/listed", "public/listed");
        assertThat(names(bob.get("/v2/_catalog"))).contains("containers/listed", "public/listed");

        HttpSession.Response anonymousToken = withBearer("GET", "/v2/_catalog", token(anonymous, "registry:catalog:*"));
        assertThat(names(anonymousToken)).contains("public/listed").noneMatch(name -> name.startsWith("containers/"));
    }

    @Test
    void aScopedApiTokenGetsNoCatalogTokenSinceItsBoundWouldBeLostInIt() throws Exception {
        String scoped = registry.anonymous()
                .basic("bob", "bob-password-123")
                .post(
                        "/api/v1/tokens",
                        Map.of("scope", List.of(Map.of("repositories", List.of("public"), "actions", List.of("read")))))
                .json()
                .at("/token")
                .asText();

        String jwt = token(new HttpSession(registry.url()).basic("bob", scoped), "registry:catalog:*");

        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        assertThat(claims.path("access")).isEmpty();
        // With the token as the password the catalog lists what the token may read, and no more.
        assertThat(names(new HttpSession(registry.url()).basic("bob", scoped).get("/v2/_catalog")))
                .contains("public/listed")
                .noneMatch(name -> name.startsWith("containers/"));
    }

    // ---- helpers ----

    private static String token(HttpSession caller, String... scopes) {
        StringBuilder query = new StringBuilder("/auth/token?service=127.0.0.1:" + registry.port());
        for (String scope : scopes) {
            query.append("&scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        }
        HttpSession.Response response = caller.get(query.toString());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().path("token").asText();
    }

    private static HttpSession.Response withBearer(String method, String path, String token) {
        return anonymous.bearer(token).request(method, path).send();
    }

    static List<String> scopes(String challenge) {
        List<String> scopes = new ArrayList<>();
        Matcher matcher = SCOPE.matcher(challenge);
        while (matcher.find()) {
            scopes.add(matcher.group(1));
        }
        return scopes;
    }

    private static List<String> names(HttpSession.Response catalog) {
        assertThat(catalog.status()).as(catalog.toString()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        catalog.json().path("repositories").forEach(name -> names.add(name.asText()));
        return names;
    }
}
