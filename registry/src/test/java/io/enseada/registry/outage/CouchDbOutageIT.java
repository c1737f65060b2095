package io.enseada.registry.outage;

import static io.enseada.registry.outage.SampleContent.IMAGE;
import static io.enseada.registry.outage.SampleContent.MANIFEST_TYPE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.enseada.shared.json.Json;
import io.enseada.shared.testing.HttpSession;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CouchDB goes away (pouchdb-server killed, its data kept) under a registry on S3 and CouchDB:
 * what the replica holds in memory keeps being served; what needs the metadata store answers 503
 * in each protocol's own error format with {@code Retry-After}; when CouchDB is back, so is all.
 */
class CouchDbOutageIT extends OnPushedRegistry {
    @BeforeEach
    void pullBeforeTheOutage() throws Exception {
        // What clients pulled before the outage.
        assertEverythingPulledIsServed();
    }

    @Test
    void whatTheReplicaHoldsInMemoryIsServedThroughoutTheOutage() throws Exception {
        backends.stopCouchDb();
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        do {
            assertEverythingPulledIsServed();
            Thread.sleep(2000);
        } while (System.nanoTime() < end);
    }

    @Test
    void writesRefusedDuringTheOutageDoNotDropWhatIsHeld() throws Exception {
        backends.stopCouchDb();
        // Each of these writes a document that reads depend on, and fails: that must not evict it.
        byte[] publish = Json.newMapper()
                .writeValueAsBytes(io.enseada.registry.npm.TestPackages.publishBody(SampleContent.PACKAGE, "2.0.0"));
        assertThat(wire.raw(
                                "PUT",
                                "/npm/npm/" + SampleContent.PACKAGE,
                                Map.of("Content-Type", "application/json"),
                                publish)
                        .status())
                .isEqualTo(503);
        assertThat(wire.raw(
                                "PUT",
                                "/npm/npm/-/package/" + SampleContent.PACKAGE + "/dist-tags/stable",
                                Map.of("Content-Type", "application/json"),
                                "\"1.0.0\"".getBytes())
                        .status())
                .isEqualTo(503);
        assertThat(wire.raw(
                                "PUT",
                                "/v2/" + IMAGE + "/manifests/1.0",
                                Map.of("Content-Type", MANIFEST_TYPE),
                                content.manifest())
                        .status())
                .isEqualTo(503);
        assertThat(wire.raw("PUT", SampleContent.JAR_PATH.replace(".jar", ".pom"), Map.of(), "<project/>".getBytes())
                        .status())
                .isEqualTo(503);
        assertEverythingPulledIsServed();
    }

    @Test
    void whatNeedsTheMetadataStoreAnswers503InEachProtocolsFormatAndWorksAgainAfterwards() throws Exception {
        backends.stopCouchDb();

        HttpSession.Response manifestPush = wire.raw(
                "PUT", "/v2/" + IMAGE + "/manifests/2.0", Map.of("Content-Type", MANIFEST_TYPE), content.manifest());
        assertOciUnavailable(manifestPush, "the metadata store");
        assertOciUnavailable(
                wire.raw("GET", "/v2/" + IMAGE + "/manifests/never-pulled", Map.of("Accept", MANIFEST_TYPE), null),
                "the metadata store");
        assertThat(manifestPush.headers().firstValue("Docker-Distribution-API-Version"))
                .hasValue("registry/2.0");

        byte[] publish = Json.newMapper()
                .writeValueAsBytes(io.enseada.registry.npm.TestPackages.publishBody(SampleContent.PACKAGE, "2.0.0"));
        assertNpmUnavailable(
                wire.raw(
                        "PUT",
                        "/npm/npm/" + SampleContent.PACKAGE,
                        Map.of("Content-Type", "application/json"),
                        publish),
                "the metadata store");
        assertNpmUnavailable(wire.get("/npm/npm/never-seen-package"), "the metadata store");

        HttpSession.Response deploy =
                wire.raw("PUT", "/maven/maven-releases/com/acme/outage/2.0/outage-2.0.jar", Map.of(), content.jar());
        assertUnavailable(deploy, "text/plain");
        assertThat(deploy.text()).isEqualTo("the metadata store is unavailable; retry in a few seconds\n");

        HttpSession.Response api = wire.raw(
                "POST",
                "/api/v1/robots",
                Map.of("Content-Type", "application/json"),
                "{\"name\":\"outage-robot\"}".getBytes());
        assertUnavailable(api, "application/json");
        JsonNode error = Json.newMapper().readTree(api.bytes()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("UNAVAILABLE");
        assertThat(error.path("message").asText())
                .isEqualTo("the metadata store is unavailable; retry in a few seconds");

        backends.startCouchDb();
        await("readiness after CouchDB is back")
                .atMost(Duration.ofSeconds(30))
                .until(() -> wire.get("/health/ready").status() == 200);
        SampleContent.expect(
                wire.raw(
                        "PUT",
                        "/npm/npm/" + SampleContent.PACKAGE,
                        Map.of("Content-Type", "application/json"),
                        publish),
                201);
        SampleContent.expect(
                wire.raw(
                        "PUT",
                        "/v2/" + IMAGE + "/manifests/2.0",
                        Map.of("Content-Type", MANIFEST_TYPE),
                        content.manifest()),
                201);
    }

    private void assertEverythingPulledIsServed() throws Exception {
        Map<String, String> accept = Map.of("Accept", MANIFEST_TYPE);
        assertThat(SampleContent.expect(
                                wire.raw(
                                        "GET", "/v2/" + IMAGE + "/manifests/" + content.manifestDigest(), accept, null),
                                200)
                        .bytes())
                .isEqualTo(content.manifest());
        assertThat(SampleContent.expect(wire.raw("GET", "/v2/" + IMAGE + "/manifests/1.0", accept, null), 200)
                        .bytes())
                .isEqualTo(content.manifest());
        assertThat(SampleContent.expect(wire.get("/v2/" + IMAGE + "/blobs/" + content.layerDigest()), 200)
                        .bytes())
                .isEqualTo(content.layer());
        JsonNode packument = Json.newMapper()
                .readTree(SampleContent.expect(wire.get("/npm/npm/" + SampleContent.PACKAGE), 200)
                        .bytes());
        assertThat(packument.path("versions").has("1.0.0")).isTrue();
        assertThat(SampleContent.expect(wire.get(SampleContent.TARBALL_PATH), 200)
                        .bytes())
                .isEqualTo(content.tarball());
        assertThat(SampleContent.expect(wire.get(SampleContent.JAR_PATH), 200).bytes())
                .isEqualTo(content.jar());
    }

    static void assertOciUnavailable(HttpSession.Response response, String backend) throws Exception {
        assertUnavailable(response, "application/json");
        JsonNode error =
                Json.newMapper().readTree(response.bytes()).path("errors").path(0);
        assertThat(error.path("code").asText()).isEqualTo("UNAVAILABLE");
        assertThat(error.path("message").asText()).isEqualTo(backend + " is unavailable; retry in a few seconds");
    }

    static void assertNpmUnavailable(HttpSession.Response response, String backend) throws Exception {
        assertUnavailable(response, "application/json");
        assertThat(Json.newMapper().readTree(response.bytes()).path("error").asText())
                .isEqualTo(backend + " is unavailable; retry in a few seconds");
        assertThat(response.headers().firstValue("npm-notice"))
                .hasValue(backend + " is unavailable; retry in a few seconds");
    }

    /** 503, when to retry, the protocol's content type, and nothing about the backend's address. */
    static void assertUnavailable(HttpSession.Response response, String contentType) {
        assertThat(response.status())
                .as(response.raw().request().method() + " " + response.raw().uri() + ": " + response.text())
                .isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith(contentType);
        assertThat(response.text()).doesNotContain("127.0.0.1", "internal error", "<html");
    }
}
