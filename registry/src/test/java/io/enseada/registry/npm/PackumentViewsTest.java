package io.enseada.registry.npm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.shared.json.Json;
import org.junit.jupiter.api.Test;

/** The abbreviated view shares the stored manifests' nodes: it must never change them. */
class PackumentViewsTest {
    private static final NpmPackageName NAME = NpmPackageName.parse("@acme/lib");

    private final ObjectMapper json = Json.newMapper();
    private final PackumentViews views = new PackumentViews(json);

    @Test
    void abbreviatedLinksTarballsHereAndLeavesTheStoredPackumentAsItWas() throws Exception {
        ObjectNode body = (ObjectNode) json.readTree("""
                {"name":"@acme/lib","dist-tags":{"latest":"1.1.0"},"time":{"modified":"2026-01-02T00:00:00Z"},
                 "versions":{
                   "1.0.0":{"name":"@acme/lib","version":"1.0.0","scripts":{"test":"x"},
                            "dependencies":{"left-pad":"^1.0.0"},
                            "dist":{"integrity":"sha512-AAAA","tarball":"http://up.example/@acme/lib/-/lib-1.0.0.tgz"}},
                   "1.1.0":{"name":"@acme/lib","version":"1.1.0","deprecated":null}}}
                """);
        ObjectNode before = body.deepCopy();

        JsonNode first = views.abbreviated(StoredPackument.read(NAME, body), "http://here/npm/r");
        JsonNode second = views.abbreviated(StoredPackument.read(NAME, body), "http://here/npm/r");

        assertThat(body).isEqualTo(before);
        assertThat(second).isEqualTo(first);
        JsonNode one = first.path("versions").path("1.0.0");
        assertThat(one.path("dist").path("tarball").asText()).isEqualTo("http://here/npm/r/@acme/lib/-/lib-1.0.0.tgz");
        assertThat(one.path("dist").path("integrity").asText()).isEqualTo("sha512-AAAA");
        assertThat(one.path("dependencies").path("left-pad").asText()).isEqualTo("^1.0.0");
        assertThat(one.has("scripts")).isFalse();
        JsonNode other = first.path("versions").path("1.1.0");
        assertThat(other.path("dist").path("tarball").asText())
                .isEqualTo("http://here/npm/r/@acme/lib/-/lib-1.1.0.tgz");
        assertThat(other.has("deprecated")).isFalse();
        assertThat(first.path("modified").asText()).isEqualTo("2026-01-02T00:00:00Z");
    }
}
