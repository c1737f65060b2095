package io.enseada.registry.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.storage.Digest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the registry needs to know about a pushed manifest: its media type, the blobs and child
 * manifests it references (which must exist), its subject and the artifact type a referrers
 * listing shows. The bytes themselves are stored and served untouched.
 *
 * @param subject       the {@code subject} descriptor's digest, or null
 * @param artifactType  {@code artifactType}, else the config's media type for an image manifest, else null
 * @param annotations   the manifest's annotations, or null
 */
public record ParsedManifest(
        String mediaType,
        List<Digest> blobs,
        List<Digest> manifests,
        Digest subject,
        String artifactType,
        ObjectNode annotations) {

    /**
     * @param contentType the request's {@code Content-Type}, or null
     * @throws OciException MANIFEST_INVALID when the body is not a manifest of a supported type, or
     *                      its {@code mediaType} contradicts {@code contentType}
     */
    public static ParsedManifest parse(ObjectMapper json, String contentType, byte[] bytes) {
        JsonNode root;
        try {
            root = json.readTree(bytes);
        } catch (IOException e) {
            throw OciError.MANIFEST_INVALID.exception("manifest is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw OciError.MANIFEST_INVALID.exception("manifest is not a JSON object");
        }
        String declared = text(root, "mediaType");
        String headerType = MediaTypes.bare(contentType);
        if (headerType != null && (headerType.isEmpty() || headerType.equals("application/octet-stream"))) {
            headerType = null;
        }
        if (headerType != null && declared != null && !declared.equals(headerType)) {
            throw OciError.MANIFEST_INVALID.exception(
                    "Content-Type " + headerType + " does not match the manifest's mediaType " + declared);
        }
        String mediaType = headerType != null ? headerType : declared;
        if (mediaType == null) {
            mediaType = root.has("manifests") ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
        }
        if (!MediaTypes.ALL.contains(mediaType)) {
            throw OciError.MANIFEST_INVALID.exception("unsupported manifest media type " + mediaType);
        }
        if (!mediaType.equals(MediaTypes.OCI_ARTIFACT)
                && root.path("schemaVersion").asInt(-1) != 2) {
            throw OciError.MANIFEST_INVALID.exception("schemaVersion must be 2");
        }
        List<Digest> blobs = new ArrayList<>();
        List<Digest> manifests = new ArrayList<>();
        String artifactType = text(root, "artifactType");
        if (MediaTypes.INDEXES.contains(mediaType)) {
            descriptors(root, "manifests", true, manifests);
        } else if (mediaType.equals(MediaTypes.OCI_ARTIFACT)) {
            descriptors(root, "blobs", false, blobs);
        } else {
            JsonNode config = root.get("config");
            if (config == null || !config.isObject()) {
                throw OciError.MANIFEST_INVALID.exception("an image manifest needs a config descriptor");
            }
            blobs.add(descriptor(config, "config"));
            descriptors(root, "layers", true, blobs);
            if (artifactType == null) {
                artifactType = text(config, "mediaType");
            }
        }
        Digest subject = root.hasNonNull("subject") ? descriptor(root.get("subject"), "subject") : null;
        JsonNode annotations = root.get("annotations");
        return new ParsedManifest(
                mediaType,
                List.copyOf(blobs),
                List.copyOf(manifests),
                subject,
                artifactType,
                annotations instanceof ObjectNode object ? object : null);
    }

    private static void descriptors(JsonNode root, String field, boolean required, List<Digest> into) {
        JsonNode array = root.get(field);
        if (array == null || array.isNull()) {
            if (required) {
                throw OciError.MANIFEST_INVALID.exception("manifest has no " + field);
            }
            return;
        }
        if (!array.isArray()) {
            throw OciError.MANIFEST_INVALID.exception(field + " must be an array");
        }
        for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            Digest digest = descriptor(item, field + "[" + i + "]");
            // Foreign (non-distributable) layers live elsewhere, at their urls.
            if (!item.has("urls")) {
                into.add(digest);
            }
        }
    }

    private static Digest descriptor(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw OciError.MANIFEST_INVALID.exception(where + " is not a descriptor");
        }
        if (!node.path("size").canConvertToLong() || node.path("size").asLong() < 0) {
            throw OciError.MANIFEST_INVALID.exception(where + " has no valid size");
        }
        try {
            return Digest.parse(text(node, "digest"));
        } catch (IllegalArgumentException e) {
            throw OciError.MANIFEST_INVALID.exception(where + ": " + e.getMessage());
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
