package io.enseada.registry.npm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.shared.json.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A proxy's cached packument is written and read by hand; the documents stay those data binding
 * wrote before, so a cache filled by an earlier version is read alike.
 */
class UpstreamPackumentTest {
    private final ObjectMapper json = Json.newMapper();
    private final Instant fetched = Instant.parse("2026-12-02T20:00:01.123456789Z");

    private ObjectNode packument() throws Exception {
        return (ObjectNode) json.readTree("""
                {"name":"left-pad","dist-tags":{"latest":"1.3.0"},"modified":"2026-01-01T00:00:00Z",
                 "versions":{"1.3.0":{"name":"left-pad","version":"1.3.0",
                   "dist":{"integrity":"sha512-AAAA","tarball":"http://up.example/left-pad/-/left-pad-1.3.0.tgz"}}}}
                """);
    }

    @Test
    void writesTheDocumentDataBindingWrote() throws Exception {
        for (String etag : new String[] {"W/\"abc\"", null}) {
            UpstreamPackument cached = new UpstreamPackument(fetched, etag, packument());
            assertThat(cached.toDocument(json)).isEqualTo(json.valueToTree(cached));
        }
    }

    @Test
    void readsTheDocumentDataBindingWrote() throws Exception {
        for (String etag : new String[] {"\"v1\"", null}) {
            UpstreamPackument written = new UpstreamPackument(fetched, etag, packument());
            ObjectNode stored = (ObjectNode) json.readTree(json.writeValueAsString(written));
            assertThat(UpstreamPackument.of(stored, json)).isEqualTo(json.treeToValue(stored, UpstreamPackument.class));
            assertThat(UpstreamPackument.of(stored, json)).isEqualTo(written);
        }
    }
}
