package io.enseada.registry.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.registry.storage.Digest;
import io.enseada.shared.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Every OCI metadata document as the registry wrote it before its records existed (built field by
 * field on an {@code ObjectNode}) reads into its record and writes back to the same JSON, so that
 * data already stored keeps reading and is rewritten unchanged.
 */
class OciDocumentRecordsTest {
    private static final String DIGEST = "sha256:" + "a".repeat(64);
    private static final String SUBJECT = "sha256:" + "b".repeat(64);

    private final ObjectMapper json = Json.newMapper();

    @Test
    void nameRecord() throws Exception {
        String stored = "{\"created\":\"2026-11-30T09:15:02.123456789Z\"}";

        NameRecord record = roundTrip(stored, NameRecord.class);

        assertThat(record.created()).isEqualTo(Instant.parse("2026-11-30T09:15:02.123456789Z"));
    }

    @Test
    void blobLink() throws Exception {
        String stored = "{\"size\":7340032}";

        assertThat(roundTrip(stored, BlobLink.class).size()).isEqualTo(7340032L);
    }

    @Test
    void blobHolder() throws Exception {
        assertThat(roundTrip("{}", BlobHolder.class)).isEqualTo(BlobHolder.INSTANCE);
    }

    @Test
    void manifestRecordWithItsBytesInline() throws Exception {
        byte[] manifest = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
        // The old code put the bytes as a binary node, which Jackson writes as base64.
        String stored = json.createObjectNode()
                .put("mediaType", MediaTypes.OCI_MANIFEST)
                .put("size", manifest.length)
                .put("content", manifest)
                .put("subject", SUBJECT)
                .toString();

        ManifestRecord record = roundTrip(stored, ManifestRecord.class);

        assertThat(record.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(record.size()).isEqualTo(manifest.length);
        assertThat(record.content()).isEqualTo(manifest);
        assertThat(record.subjectDigest()).isEqualTo(Digest.parse(SUBJECT));
    }

    @Test
    void manifestRecordWithItsBytesInTheBlobStore() throws Exception {
        String stored = "{\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"size\":70000}";

        ManifestRecord record = roundTrip(stored, ManifestRecord.class);

        assertThat(record.content()).isNull();
        assertThat(record.subjectDigest()).isNull();
    }

    @Test
    void tagRecord() throws Exception {
        String stored =
                "{\"digest\":\"" + DIGEST + "\",\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"size\":1234}";

        TagRecord record = roundTrip(stored, TagRecord.class);

        assertThat(record.manifestDigest()).isEqualTo(Digest.parse(DIGEST));
        assertThat(record.pointsAt(Digest.parse(DIGEST))).isTrue();
        assertThat(record.pointsAt(Digest.parse(SUBJECT))).isFalse();
    }

    @Test
    void theTimesRetentionAgesByAreInstantsAndAbsentWhenNotRecorded() throws Exception {
        String tag = "{\"digest\":\"" + DIGEST + "\",\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
                + "\",\"size\":1234,\"pushed\":\"2026-11-30T09:15:02.123Z\"}";
        String manifest = "{\"mediaType\":\"" + MediaTypes.OCI_INDEX
                + "\",\"size\":70000,\"pushed\":\"2026-11-30T09:15:02Z\",\"requested\":\"2026-12-01T10:00:00Z\"}";
        String link = "{\"size\":7340032,\"requested\":\"2026-12-01T10:00:00Z\"}";

        assertThat(roundTrip(tag, TagRecord.class).pushed()).isEqualTo(Instant.parse("2026-11-30T09:15:02.123Z"));
        assertThat(roundTrip(manifest, ManifestRecord.class).requested())
                .isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
        assertThat(roundTrip(link, BlobLink.class).requested()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
        assertThat(roundTrip("{\"size\":1}", BlobLink.class).requested()).isNull();
    }

    @Test
    void referrerRecordWithArtifactTypeAndAnnotations() throws Exception {
        String stored = "{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + DIGEST
                + "\",\"size\":512,\"artifactType\":\"application/vnd.example.sbom\","
                + "\"annotations\":{\"org.opencontainers.image.created\":\"2026-11-30T09:15:02Z\",\"nested\":{\"n\":1}}}";

        ReferrerRecord record = roundTrip(stored, ReferrerRecord.class);

        assertThat(record.artifactType()).isEqualTo("application/vnd.example.sbom");
        assertThat(record.annotations().path("nested").path("n").asInt()).isEqualTo(1);
    }

    @Test
    void referrerRecordWithoutOptionalFields() throws Exception {
        String stored =
                "{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + DIGEST + "\",\"size\":512}";

        ReferrerRecord record = roundTrip(stored, ReferrerRecord.class);

        assertThat(record.artifactType()).isNull();
        assertThat(record.annotations()).isNull();
    }

    /** Reads {@code stored} as the service does and checks the record writes back to exactly it. */
    private <T> T roundTrip(String stored, Class<T> type) throws Exception {
        T record = json.treeToValue(json.readTree(stored), type);
        assertThat(json.valueToTree(record).toString()).isEqualTo(stored);
        assertThat(json.writeValueAsString(record)).isEqualTo(stored);
        return record;
    }
}
