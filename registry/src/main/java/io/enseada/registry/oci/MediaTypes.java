package io.enseada.registry.oci;

import java.util.Set;

/** The manifest media types the registry stores, and how their references are read. */
public final class MediaTypes {
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_ARTIFACT = "application/vnd.oci.artifact.manifest.v1+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";

    static final Set<String> INDEXES = Set.of(OCI_INDEX, DOCKER_LIST);
    static final Set<String> MANIFESTS = Set.of(OCI_MANIFEST, DOCKER_MANIFEST);
    static final Set<String> ALL = Set.of(OCI_MANIFEST, OCI_INDEX, OCI_ARTIFACT, DOCKER_MANIFEST, DOCKER_LIST);

    private MediaTypes() {}

    /** The media type without parameters, lower-cased; null stays null. */
    static String bare(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .trim()
                .toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether an {@code Accept} header admits {@code mediaType}; no header (or an empty one) admits anything. */
    static boolean accepts(java.util.List<String> acceptHeaders, String mediaType) {
        boolean any = false;
        for (String header : acceptHeaders) {
            for (String range : header.split(",")) {
                String bare = bare(range);
                if (bare.isEmpty()) {
                    continue;
                }
                any = true;
                if (bare.equals(mediaType)
                        || bare.equals("*/*")
                        || bare.equals("application/*")
                        || bare.equals("application/json")) {
                    return true;
                }
            }
        }
        return !any;
    }
}
