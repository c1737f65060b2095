package io.enseada.registry.npm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.storage.Digest;
import io.enseada.shared.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The typed packument reads and writes the documents earlier versions of the registry stored. */
class StoredPackumentTest {
    private static final NpmPackageName NAME = NpmPackageName.parse("@acme/lib");
    private static final String DIGEST_1 = "sha256:" + "a".repeat(64);
    private static final String DIGEST_2 = "sha256:" + "b".repeat(64);

    private final ObjectMapper json = Json.newMapper();

    /** Two publishes (the second under the {@code next} tag) and a deprecation, with a field npm does not know. */
    private static final String PUBLISHED = """
            {"name":"@acme/lib",
             "time":{"created":"2026-01-01T00:00:00Z","1.0.0":"2026-01-01T00:00:00Z",
                     "modified":"2026-01-03T00:00:00Z","1.1.0":"2026-01-02T00:00:00Z"},
             "versions":{
               "1.0.0":{"name":"@acme/lib","version":"1.0.0","description":"A lib","keywords":["acme"],
                        "license":"MIT","x-custom":{"nested":[1,true,null,{"deep":"value"}]},
                        "dist":{"integrity":"sha512-AAAA","shasum":"0123"},"_id":"@acme/lib@1.0.0",
                        "_npmUser":{"name":"alice","email":""},"deprecated":"use 1.1.0"},
               "1.1.0":{"name":"@acme/lib","version":"1.1.0","dist":{"integrity":"sha512-BBBB","shasum":"4567"},
                        "_id":"@acme/lib@1.1.0","_npmUser":{"name":"bob","email":""}}},
             "tarballs":{
               "lib-1.0.0.tgz":{"version":"1.0.0","digest":"%s","size":123},
               "lib-1.1.0.tgz":{"version":"1.1.0","digest":"%s","size":456}},
             "dist-tags":{"latest":"1.0.0","next":"1.1.0"},
             "description":"A lib","keywords":["acme"],"license":"MIT",
             "repository":{"type":"git","url":"git+https://example.com/acme/lib.git"},
             "readmeFilename":"README.md","readme":"# lib",
             "maintainers":[{"name":"alice","email":""}],
             "rev":3}
            """.formatted(DIGEST_1, DIGEST_2);

    /** Every version unpublished: no versions, tarballs or tags left, the times kept, and the marker. */
    private static final String UNPUBLISHED = """
            {"name":"@acme/lib",
             "time":{"created":"2026-01-01T00:00:00Z","1.0.0":"2026-01-01T00:00:00Z","modified":"2026-01-04T00:00:00Z"},
             "versions":{},"tarballs":{},"dist-tags":{},
             "description":"A lib","readme":"# lib","maintainers":[{"name":"alice","email":""}],
             "rev":2,
             "unpublished":{"time":"2026-01-04T00:00:00Z","versions":["1.0.0"]}}
            """;

    @Test
    void readsTheRegistryOwnedPartsTyped() throws Exception {
        StoredPackument packument = StoredPackument.read(NAME, body(PUBLISHED));

        assertThat(packument.name()).isEqualTo(NAME);
        assertThat(packument.distTags()).containsExactly(Map.entry("latest", "1.0.0"), Map.entry("next", "1.1.0"));
        assertThat(packument.time())
                .containsExactly(
                        Map.entry("created", "2026-01-01T00:00:00Z"),
                        Map.entry("1.0.0", "2026-01-01T00:00:00Z"),
                        Map.entry("modified", "2026-01-03T00:00:00Z"),
                        Map.entry("1.1.0", "2026-01-02T00:00:00Z"));
        assertThat(packument.tarball("lib-1.1.0.tgz"))
                .contains(new StoredPackument.TarballEntry("1.1.0", Digest.parse(DIGEST_2), 456));
        assertThat(packument.tarball("lib-2.0.0.tgz")).isEmpty();
        assertThat(packument.revision()).isEqualTo(3);
        assertThat(packument.rev()).isEqualTo("3-enseada");
        assertThat(packument.unpublished()).isFalse();
        assertThat(packument.unpublishedMarker()).isEmpty();
        assertThat(packument.versions()).containsOnlyKeys("1.0.0", "1.1.0");
        assertThat(packument.latest().orElseThrow().path("version").asText()).isEqualTo("1.0.0");
        assertThat(packument.versionOrTag("next").orElseThrow().path("version").asText())
                .isEqualTo("1.1.0");
        assertThat(packument.described("license").asText()).isEqualTo("MIT");
        assertThat(packument.described("repository").path("type").asText()).isEqualTo("git");
    }

    @Test
    void writesAStoredDocumentBackUnchanged() throws Exception {
        for (String stored : List.of(PUBLISHED, UNPUBLISHED)) {
            ObjectNode body = body(stored);
            String before = body.toString();

            ObjectNode written = StoredPackument.read(NAME, body).toJson();

            assertThat(json.writeValueAsString(written))
                    .as("the same bytes, field order too")
                    .isEqualTo(before);
            assertThat(json.readTree(json.writeValueAsString(written))).isEqualTo(body);
            assertThat(body.toString()).as("reading leaves the body alone").isEqualTo(before);
        }
    }

    @Test
    void readsTheUnpublishedMarker() throws Exception {
        StoredPackument packument = StoredPackument.read(NAME, body(UNPUBLISHED));

        assertThat(packument.unpublished()).isTrue();
        assertThat(packument.unpublishedMarker())
                .contains(new StoredPackument.Unpublished("2026-01-04T00:00:00Z", List.of("1.0.0")));
        assertThat(packument.time()).containsKey("1.0.0");
        assertThat(packument.rev()).isEqualTo("2-enseada");
    }

    @Test
    void aFirstPublishIsStoredInTheSameShape() throws Exception {
        StoredPackument packument = StoredPackument.created(NAME, "2026-01-01T00:00:00Z");
        ObjectNode manifest = body("""
                {"name":"@acme/lib","version":"1.0.0","_id":"@acme/lib@1.0.0"}""");
        packument.addVersion(
                "1.0.0",
                manifest,
                "lib-1.0.0.tgz",
                new StoredPackument.TarballEntry("1.0.0", Digest.parse(DIGEST_1), 123),
                "2026-01-01T00:00:00Z");
        packument.tag("latest", "1.0.0");
        packument.describe("description", json.getNodeFactory().textNode("A lib"));
        packument.describe("license", null);
        packument.bumped();

        assertThat(packument.toJson().toString())
                .isEqualTo(body("""
                        {"name":"@acme/lib",
                         "time":{"created":"2026-01-01T00:00:00Z","1.0.0":"2026-01-01T00:00:00Z",
                                 "modified":"2026-01-01T00:00:00Z"},
                         "versions":{"1.0.0":{"name":"@acme/lib","version":"1.0.0","_id":"@acme/lib@1.0.0"}},
                         "tarballs":{"lib-1.0.0.tgz":{"version":"1.0.0","digest":"%s","size":123}},
                         "dist-tags":{"latest":"1.0.0"},
                         "description":"A lib",
                         "rev":1}
                        """.formatted(DIGEST_1)).toString());
    }

    @Test
    void unpublishingEveryVersionLeavesTheMarker() throws Exception {
        StoredPackument packument = StoredPackument.read(NAME, body(PUBLISHED));

        packument.removeVersions(List.of("1.0.0", "1.1.0"));
        packument.untag("latest");
        packument.untag("next");
        packument.markUnpublished("2026-01-04T00:00:00Z", List.of("1.0.0", "1.1.0"));
        packument.changed("2026-01-04T00:00:00Z");

        JsonNode written = packument.toJson();
        assertThat(written.path("versions").isEmpty()).isTrue();
        assertThat(written.path("tarballs").isEmpty()).isTrue();
        assertThat(written.path("dist-tags").isEmpty()).isTrue();
        assertThat(written.path("time").path("1.1.0").asText()).isEqualTo("2026-01-02T00:00:00Z");
        assertThat(written.path("time").path("modified").asText()).isEqualTo("2026-01-04T00:00:00Z");
        assertThat(written.path("unpublished").toString())
                .isEqualTo("{\"time\":\"2026-01-04T00:00:00Z\",\"versions\":[\"1.0.0\",\"1.1.0\"]}");
        assertThat(written.path("rev").asLong()).isEqualTo(4);
    }

    private ObjectNode body(String text) throws Exception {
        return (ObjectNode) json.readTree(text);
    }
}
