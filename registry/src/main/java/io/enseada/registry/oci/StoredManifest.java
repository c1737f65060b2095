package io.enseada.registry.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A stored manifest read for what its page shows: the descriptors it names with their sizes and,
 * for an index, its children's platforms. The manifest was checked when it was pushed, so reading
 * here is lenient: a field that is missing or odd is left out, never an error.
 *
 * @param artifactType the manifest's {@code artifactType}, else its config's media type when that
 *     is not a plain image config (an artifact packed as an image), else null
 * @param config the image's config, or null (an index, an artifact manifest)
 * @param layers an image's layers, an artifact manifest's blobs; empty for an index
 * @param children an index's manifests; empty for an image
 */
record StoredManifest(
        String mediaType, String artifactType, Descriptor config, List<Descriptor> layers, List<Child> children) {
    private static final Set<String> IMAGE_CONFIGS =
            Set.of("application/vnd.oci.image.config.v1+json", "application/vnd.docker.container.image.v1+json");

    /** A blob a manifest names; {@code mediaType} may be null. */
    record Descriptor(String digest, String mediaType, long size) {}

    /** @param platform {@code os/architecture[/variant]}, or null when the index does not say */
    record Child(String digest, String mediaType, long size, String platform) {}

    boolean isIndex() {
        return MediaTypes.INDEXES.contains(mediaType);
    }

    /** The blobs the manifest names itself: its config and its layers. */
    List<Descriptor> blobs() {
        List<Descriptor> blobs = new ArrayList<>(layers.size() + 1);
        if (config != null) {
            blobs.add(config);
        }
        blobs.addAll(layers);
        return blobs;
    }

    /** A manifest of no readable content: it names nothing. */
    static StoredManifest unreadable(String mediaType) {
        return new StoredManifest(mediaType, null, null, List.of(), List.of());
    }

    static StoredManifest read(ObjectMapper json, String mediaType, byte[] bytes) {
        JsonNode root;
        try {
            root = json.readTree(bytes);
        } catch (IOException e) {
            return unreadable(mediaType);
        }
        if (root == null || !root.isObject()) {
            return unreadable(mediaType);
        }
        String type = mediaType != null ? mediaType : text(root, "mediaType");
        Descriptor config = root.path("config").isObject() ? descriptor(root.get("config")) : null;
        List<Descriptor> layers = new ArrayList<>();
        for (JsonNode layer : root.path(type != null && type.equals(MediaTypes.OCI_ARTIFACT) ? "blobs" : "layers")) {
            Descriptor descriptor = descriptor(layer);
            if (descriptor != null) {
                layers.add(descriptor);
            }
        }
        List<Child> children = new ArrayList<>();
        for (JsonNode child : root.path("manifests")) {
            Descriptor descriptor = descriptor(child);
            if (descriptor != null) {
                children.add(new Child(
                        descriptor.digest(),
                        descriptor.mediaType(),
                        descriptor.size(),
                        platform(child.get("platform"))));
            }
        }
        String artifactType = text(root, "artifactType");
        if (artifactType == null && config != null && !IMAGE_CONFIGS.contains(config.mediaType())) {
            artifactType = config.mediaType();
        }
        return new StoredManifest(type, artifactType, config, List.copyOf(layers), List.copyOf(children));
    }

    private static Descriptor descriptor(JsonNode node) {
        String digest = text(node, "digest");
        if (digest == null || !node.path("size").canConvertToLong()) {
            return null;
        }
        return new Descriptor(digest, text(node, "mediaType"), node.path("size").asLong());
    }

    private static String platform(JsonNode platform) {
        if (platform == null || !platform.isObject()) {
            return null;
        }
        String os = text(platform, "os");
        String architecture = text(platform, "architecture");
        if (os == null || architecture == null) {
            return null;
        }
        String variant = text(platform, "variant");
        return os + "/" + architecture + (variant == null || variant.isEmpty() ? "" : "/" + variant);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
