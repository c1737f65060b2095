package io.enseada.registry.oci;

import java.util.Arrays;
import java.util.List;

/**
 * A {@code /v2/<name>/...} request path taken apart. A name has any number of components, so the
 * endpoint is recognized from the end of the path and the name is whatever precedes it.
 *
 * @param argument the tag or digest, blob digest, upload id or subject digest; null for the
 *                 endpoints that take none
 */
public record OciPath(OciName name, Endpoint endpoint, String argument) {
    public static final String PREFIX = "/v2/";

    public enum Endpoint {
        MANIFEST,
        BLOB,
        UPLOADS,
        UPLOAD,
        TAGS,
        REFERRERS
    }

    /** @throws OciException NAME_INVALID for a name outside the grammar, NAME_UNKNOWN for no endpoint at all */
    public static OciPath parse(String path) {
        if (!path.startsWith(PREFIX)) {
            throw OciError.NAME_UNKNOWN.exception("not a distribution API path: " + path);
        }
        List<String> segments = Arrays.asList(path.substring(PREFIX.length()).split("/", -1));
        int n = segments.size();
        if (n >= 3 && segments.get(n - 2).equals("tags") && segments.get(n - 1).equals("list")) {
            return of(segments, n - 2, Endpoint.TAGS, null);
        }
        if (n >= 4 && segments.get(n - 3).equals("blobs") && segments.get(n - 2).equals("uploads")) {
            String id = segments.get(n - 1);
            return id.isEmpty()
                    ? of(segments, n - 3, Endpoint.UPLOADS, null)
                    : of(segments, n - 3, Endpoint.UPLOAD, id);
        }
        if (n >= 3 && segments.get(n - 2).equals("blobs") && segments.get(n - 1).equals("uploads")) {
            return of(segments, n - 2, Endpoint.UPLOADS, null);
        }
        if (n >= 3 && !segments.get(n - 1).isEmpty()) {
            Endpoint endpoint = switch (segments.get(n - 2)) {
                case "manifests" -> Endpoint.MANIFEST;
                case "blobs" -> Endpoint.BLOB;
                case "referrers" -> Endpoint.REFERRERS;
                default -> null;
            };
            if (endpoint != null) {
                return of(segments, n - 2, endpoint, segments.get(n - 1));
            }
        }
        throw OciError.NAME_UNKNOWN.exception("no distribution API endpoint at " + path);
    }

    private static OciPath of(List<String> segments, int nameEnd, Endpoint endpoint, String argument) {
        return new OciPath(OciName.parse(String.join("/", segments.subList(0, nameEnd))), endpoint, argument);
    }
}
