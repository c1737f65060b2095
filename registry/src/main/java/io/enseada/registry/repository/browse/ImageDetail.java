package io.enseada.registry.repository.browse;

import java.time.Instant;
import java.util.List;

/** An OCI image: its tags, and the manifests they point at. */
public record ImageDetail(String name, List<TagEntry> tags, List<ManifestEntry> manifests) implements PackageDetail {
    public ImageDetail {
        tags = List.copyOf(tags);
        manifests = List.copyOf(manifests);
    }

    /** @param pushed when the tag was last pushed, or null when unknown */
    public record TagEntry(String tag, String digest, Instant pushed) {}

    /**
     * One manifest of the image (tagged or not).
     *
     * @param size the bytes of the manifest and the blobs it names (for an index: its children's)
     * @param created the config's {@code created}, or null (an index, or an image that has none)
     * @param platforms an index's children as {@code os/architecture[/variant]} with their digests; empty for an image
     * @param layers an image's layers; empty for an index
     * @param referrers manifests whose {@code subject} is this one (signatures, SBOMs, attestations)
     */
    public record ManifestEntry(
            String digest,
            String mediaType,
            String artifactType,
            long size,
            Instant created,
            Instant pushed,
            List<Platform> platforms,
            List<Layer> layers,
            List<Referrer> referrers) {
        public ManifestEntry {
            platforms = List.copyOf(platforms);
            layers = List.copyOf(layers);
            referrers = List.copyOf(referrers);
        }
    }

    public record Platform(String platform, String digest, long size) {}

    public record Layer(String digest, String mediaType, long size) {}

    public record Referrer(String digest, String artifactType, String mediaType, long size) {}
}
