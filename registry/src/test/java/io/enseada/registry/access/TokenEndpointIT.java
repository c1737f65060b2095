package io.enseada.registry.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.json.Json;
import io.enseada.shared.testing.HttpSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Docker token endpoint grants exactly what the policies allow, and its JWTs act as that. */
class TokenEndpointIT {
    @TempDir
    Path dir;

    private TestRegistry registry;

    @BeforeEach
    void start() throws Exception {
        Path config = dir.resolve("enseada.yaml");
        Files.writeString(config, """
                repositories:
                  - {name: containers, format: oci}
                  - {name: public-images, format: oci, visibility: public}
                  - {name: npm, format: npm}
                users:
                  - {name: reader, password: reader-password}
                policies:
                  - name: reader-pulls
                    subjects: [user:reader]
                    rules:
                      - {repositories: [containers], paths: ["team/**"], actions: [read]}
                """);
        registry = TestRegistry.start(dir.resolve("data"), Map.of("ENSEADA_CONFIG", config.toString()));
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void grantsOnlyWhatPoliciesAllow() throws Exception {
        String scope = "scope=repository:containers/team/app:pull,push&scope=repository:containers/other:pull"
                + "&scope=repository:public-images/base:pull,push&scope=repository:npm/x:pull&scope=repository:missing/x:pull";

        assertThat(access(registry.anonymous(), scope))
                .isEqualTo("[{\"type\":\"repository\",\"name\":\"public-images/base\",\"actions\":[\"pull\"]}]");
        assertThat(access(registry.anonymous().basic("reader", "reader-password"), scope))
                .isEqualTo("[{\"type\":\"repository\",\"name\":\"containers/team/app\",\"actions\":[\"pull\"]},"
                        + "{\"type\":\"repository\",\"name\":\"public-images/base\",\"actions\":[\"pull\"]}]");
        assertThat(access(registry.admin(), scope))
                .isEqualTo(
                        "[{\"type\":\"repository\",\"name\":\"containers/team/app\",\"actions\":[\"pull\",\"push\"]},"
                                + "{\"type\":\"repository\",\"name\":\"containers/other\",\"actions\":[\"pull\"]},"
                                + "{\"type\":\"repository\",\"name\":\"public-images/base\",\"actions\":[\"pull\",\"push\"]}]");
    }

    @Test
    void wrongCredentialsAreRefusedInTheOciFormat() {
        HttpSession.Response refused = registry.anonymous()
                .basic("reader", "wrong")
                .get("/auth/token?service=x&scope=repository:containers/a:pull");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().at("/errors/0/code").asText()).isEqualTo("UNAUTHORIZED");
    }

    @Test
    void theJwtActsAsItsSubjectNarrowedToItsGrants() {
        JsonNode token = registry.admin()
                .get("/auth/token?service=x&scope=repository:containers/team/app:pull")
                .json();
        assertThat(token.at("/expires_in").asInt()).isEqualTo(300);
        assertThat(token.at("/token").asText())
                .isEqualTo(token.at("/access_token").asText());
        HttpSession bearer = registry.anonymous().bearer(token.at("/token").asText());
        JsonNode whoami = bearer.get("/api/v1/whoami").json();
        assertThat(whoami.at("/name").asText()).isEqualTo("admin");
        assertThat(whoami.at("/repositories").toString())
                .contains("\"repository\":\"containers\"", "\"read\"")
                .doesNotContain("\"write\"", "\"repository\":\"npm\"");
        // A narrowed administrator is not an administrator.
        assertThat(bearer.get("/api/v1/users").status()).isEqualTo(403);
        assertThat(registry.anonymous()
                        .bearer(token.at("/token").asText() + "x")
                        .get("/api/v1/whoami")
                        .status())
                .isEqualTo(401);
    }

    private static String access(HttpSession session, String scope) throws Exception {
        HttpSession.Response response = session.get("/auth/token?service=registry.test&" + scope);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        String jwt = response.json().at("/token").asText();
        JsonNode claims = Json.newMapper().readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        assertThat(claims.at("/aud").toString()).contains("registry.test");
        return new String(Json.newMapper().writeValueAsBytes(claims.at("/access")), StandardCharsets.UTF_8);
    }
}
