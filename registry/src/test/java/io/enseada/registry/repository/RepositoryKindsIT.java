package io.enseada.registry.repository;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.enseada.registry.npm.TestPackages;
import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.model.DocumentIds;
import io.enseada.shared.testing.HttpSession;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proxy and group repositories declared in the YAML file and through the API: they read like
 * hosted ones, refuse every write in their protocol's own words, and never show an upstream password.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RepositoryKindsIT {
    private static final String UPSTREAM_PASSWORD = "upstream-pass-7f3a9c";

    @TempDir
    static Path dir;

    private TestRegistry registry;
    private HttpSession admin;

    @BeforeAll
    void start() throws IOException {
        Path config = dir.resolve("enseada.yaml");
        Files.writeString(config, """
                repositories:
                  - {name: images, format: oci}
                  - name: images-upstream
                    format: oci
                    kind: proxy
                    proxy: {url: "http://127.0.0.1:9/"}
                  - {name: images-all, format: oci, kind: group, group: {members: [images, images-upstream]}}
                  - {name: releases, format: maven}
                  - name: central
                    format: maven
                    kind: proxy
                    proxy:
                      url: "http://127.0.0.1:9/maven2"
                      credentials: {username: ci, password: "%s"}
                      metadataMaxAge: PT10M
                  - {name: maven-all, format: maven, kind: group, group: {members: [releases, central]}}
                  - {name: npm, format: npm}
                  - {name: npmjs, format: npm, kind: proxy, proxy: {url: "http://127.0.0.1:9/"}}
                  - {name: npm-all, format: npm, kind: group, group: {members: [npm, npmjs]}}
                """.formatted(UPSTREAM_PASSWORD));
        registry = TestRegistry.start(dir.resolve("data"), Map.of("ENSEADA_CONFIG", config.toString()));
        admin = registry.admin();
    }

    @AfterAll
    void stop() {
        registry.close();
    }

    @Test
    void anOciPushToAProxyOrGroupIsUnsupportedInTheDistributionEnvelope() {
        for (String repository : List.of("images-upstream", "images-all")) {
            HttpSession.Response started = admin.post("/v2/" + repository + "/team/app/blobs/uploads/", null);
            assertThat(started.status()).as(started.toString()).isEqualTo(405);
            assertThat(started.header("Docker-Distribution-API-Version")).isEqualTo("registry/2.0");
            assertThat(started.json().at("/errors/0/code").asText()).isEqualTo("UNSUPPORTED");
            assertThat(started.json().at("/errors/0/message").asText())
                    .contains(repository)
                    .contains("hosted repository");
            HttpSession.Response manifest = admin.putContent(
                    "/v2/" + repository + "/team/app/manifests/1.0",
                    "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"}",
                    "Content-Type",
                    "application/vnd.oci.image.manifest.v1+json");
            assertThat(manifest.status()).isEqualTo(405);
            assertThat(admin.delete("/v2/" + repository + "/team/app/manifests/1.0")
                            .status())
                    .isEqualTo(405);
        }
        // the hosted member still takes pushes
        assertThat(admin.post("/v2/images/team/app/blobs/uploads/", null).status())
                .isEqualTo(202);
    }

    @Test
    void aMavenDeployToAProxyOrGroupIsMethodNotAllowedAndStoresNothing() {
        for (String repository : List.of("central", "maven-all")) {
            String path = "/maven/" + repository + "/com/example/lib/1.0/lib-1.0.jar";
            HttpSession.Response deployed = admin.putContent(path, "jar bytes");
            assertThat(deployed.status()).as(deployed.toString()).isEqualTo(405);
            assertThat(deployed.header("Allow")).isEqualTo("GET, HEAD");
            assertThat(deployed.text()).contains(repository).contains("hosted repository");
            assertThat(admin.delete(path).status()).isEqualTo(405);
            assertThat(admin.get(path).status()).isNotEqualTo(200);
        }
    }

    @Test
    void anNpmPublishToAProxyOrGroupIsMethodNotAllowedInNpmsErrorShape() {
        for (String repository : List.of("npmjs", "npm-all")) {
            HttpSession.Response published =
                    admin.put("/npm/" + repository + "/left-pad", Map.of("name", "left-pad", "versions", Map.of()));
            assertThat(published.status()).as(published.toString()).isEqualTo(405);
            assertThat(published.json().path("error").asText()).contains(repository);
            assertThat(admin.delete("/npm/" + repository + "/left-pad/-rev/1-enseada")
                            .status())
                    .isEqualTo(405);
        }
    }

    @Test
    void readsOfAProxyOrGroupStillNeedReadRights() {
        HttpSession anonymous = registry.anonymous();
        assertThat(anonymous.get("/npm/npm-all/left-pad").status()).isEqualTo(401);
        assertThat(anonymous
                        .get("/maven/maven-all/com/example/lib/1.0/lib-1.0.jar")
                        .status())
                .isEqualTo(401);
    }

    @Test
    void aTokenScopedToAGroupReadsItsMembersThroughItAndNotBesideIt() {
        String jar = "/com/example/scoped/1.0/scoped-1.0.jar";
        assertThat(admin.putContent("/maven/releases" + jar, "jar bytes").status())
                .isEqualTo(201);
        assertThat(admin.put("/npm/npm/scoped-lib", TestPackages.publishBody("scoped-lib", "1.0.0"))
                        .status())
                .isEqualTo(201);
        HttpSession.Response token = admin.post(
                "/api/v1/tokens",
                Map.of(
                        "scope",
                        List.of(Map.of("repositories", List.of("maven-all", "npm-all"), "actions", List.of("read")))));
        assertThat(token.status()).as(token.toString()).isEqualTo(201);
        HttpSession scoped =
                registry.anonymous().bearer(token.json().at("/token").asText());

        HttpSession.Response viaGroup = scoped.get("/maven/maven-all" + jar);
        assertThat(viaGroup.status()).as(viaGroup.toString()).isEqualTo(200);
        assertThat(viaGroup.text()).isEqualTo("jar bytes");
        assertThat(scoped.get("/maven/maven-all/com/example/scoped/maven-metadata.xml")
                        .text())
                .contains("<version>1.0</version>");
        HttpSession.Response packument = scoped.get("/npm/npm-all/scoped-lib");
        assertThat(packument.status()).as(packument.toString()).isEqualTo(200);
        assertThat(packument.json().at("/dist-tags/latest").asText()).isEqualTo("1.0.0");
        String tarball = packument.json().at("/versions/1.0.0/dist/tarball").asText();
        assertThat(scoped.get(URI.create(tarball).getPath()).status()).isEqualTo(200);
        assertThat(names(scoped.get("/npm/npm-all/-/v1/search?text=scoped-lib").json()))
                .containsExactly("scoped-lib");

        assertThat(scoped.get("/maven/releases" + jar).status())
                .as("the token does not reach the member by its own name")
                .isEqualTo(403);
        assertThat(scoped.get("/npm/npm/scoped-lib").status()).isEqualTo(403);
    }

    private static List<String> names(JsonNode search) {
        return search.path("objects").findValuesAsText("name");
    }

    @Test
    void theApiShowsKindUpstreamAndUsernameButNeverTheUpstreamPassword() {
        JsonNode central = admin.get("/api/v1/repositories/central").json();
        assertThat(central.path("kind").asText()).isEqualTo("proxy");
        assertThat(central.at("/proxy/url").asText()).isEqualTo("http://127.0.0.1:9/maven2/");
        assertThat(central.at("/proxy/metadataMaxAge").asText()).isEqualTo("PT10M");
        assertThat(central.at("/proxy/negativeCacheTtl").asText()).isEqualTo("PT5M");
        assertThat(central.at("/proxy/credentials/username").asText()).isEqualTo("ci");
        assertThat(central.toString()).doesNotContain(UPSTREAM_PASSWORD).doesNotContain("password");
        assertThat(admin.get("/api/v1/repositories").text()).doesNotContain(UPSTREAM_PASSWORD);
        assertThat(admin.get("/api/v1/repositories/maven-all").json().at("/group/members"))
                .extracting(JsonNode::asText)
                .containsExactly("releases", "central");
        assertThat(admin.get("/api/v1/repositories/releases")
                        .json()
                        .path("kind")
                        .asText())
                .isEqualTo("hosted");
    }

    @Test
    void aPutOfWhatTheApiShowedKeepsTheStoredUpstreamPassword() {
        JsonNode shown = admin.get("/api/v1/repositories/central").json();
        ((com.fasterxml.jackson.databind.node.ObjectNode) shown).put("visibility", "public");

        HttpSession.Response replaced = admin.put("/api/v1/repositories/central", shown);

        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
        assertThat(replaced.text()).doesNotContain(UPSTREAM_PASSWORD);
        JsonNode stored = registry.documents()
                .get(DocumentIds.repository("central"))
                .orElseThrow()
                .body();
        assertThat(stored.at("/visibility").asText()).isEqualTo("public");
        assertThat(stored.at("/proxy/credentials/password").asText()).isEqualTo(UPSTREAM_PASSWORD);
    }

    private static Map<String, Object> npmGroup(String name, String... members) {
        return Map.of("name", name, "format", "npm", "kind", "group", "group", Map.of("members", List.of(members)));
    }

    @Test
    void groupsThatCouldNeverAnswerAreRefusedAtDeclaration() {
        HttpSession.Response cycle = admin.post("/api/v1/repositories", npmGroup("loop", "loop2"));
        assertThat(cycle.status()).isEqualTo(400);
        assertThat(cycle.json().at("/error/message").asText()).contains("member 'loop2' does not exist");

        assertThat(admin.post("/api/v1/repositories", npmGroup("loop", "npm")).status())
                .isEqualTo(201);
        HttpSession.Response closing = admin.put("/api/v1/repositories/npm-all", npmGroup("npm-all", "npm", "loop"));
        assertThat(closing.status()).isEqualTo(200);
        HttpSession.Response cyclic = admin.put("/api/v1/repositories/loop", npmGroup("loop", "npm-all"));
        assertThat(cyclic.status()).isEqualTo(400);
        assertThat(cyclic.json().at("/error/field").asText()).isEqualTo("group.members");
        assertThat(cyclic.json().at("/error/message").asText())
                .contains("cycle")
                .contains("loop -> npm-all -> loop");

        HttpSession.Response otherFormat = admin.post("/api/v1/repositories", npmGroup("mixed", "releases"));
        assertThat(otherFormat.status()).isEqualTo(400);
        assertThat(otherFormat.json().at("/error/message").asText()).contains("is a maven repository");

        HttpSession.Response memberDeleted = admin.delete("/api/v1/repositories/loop");
        assertThat(memberDeleted.status()).isEqualTo(409);
        assertThat(memberDeleted.json().at("/error/message").asText()).contains("member of group npm-all");
        assertThat(admin.get("/api/v1/repositories/loop").status()).isEqualTo(200);

        HttpSession.Response noPassword = admin.post(
                "/api/v1/repositories",
                Map.of(
                        "name",
                        "half",
                        "format",
                        "npm",
                        "kind",
                        "proxy",
                        "proxy",
                        Map.of("url", "https://upstream.example.com/", "credentials", Map.of("username", "u"))));
        assertThat(noPassword.status()).isEqualTo(400);
        assertThat(noPassword.json().at("/error/field").asText()).isEqualTo("proxy.credentials.password");
        assertThat(admin.get("/api/v1/repositories/half").status()).isEqualTo(404);
    }
}
