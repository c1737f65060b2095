package io.enseada.registry.npm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * A package's document as stored: the npm packument fields ({@code dist-tags}, {@code versions}
 * without tarball links, {@code time}, description, readme, maintainers) plus what only the
 * registry needs — {@code tarballs} (file name to blob digest and size), {@code unpublished} (set
 * when every version was unpublished), and {@code rev}, a counter that is exposed as {@code _rev}
 * so that the CLI's read-modify-write can be checked for staleness inside one update.
 */
record StoredPackument(NpmPackageName name, ObjectNode body) {
    static final String TARBALLS = "tarballs";
    static final String UNPUBLISHED = "unpublished";
    static final String REV = "rev";

    /** What the CLI sends back as {@code _rev}: CouchDB-shaped, {@code <counter>-enseada}. */
    String rev() {
        return revOf(body);
    }

    static String revOf(ObjectNode body) {
        return body.path(REV).asLong(0) + "-enseada";
    }

    /** The counter part of a {@code _rev} the client sent, or -1 when it is not one of ours. */
    static long counterOf(String rev) {
        if (rev == null) {
            return -1;
        }
        int dash = rev.indexOf('-');
        try {
            return Long.parseLong(dash < 0 ? rev : rev.substring(0, dash));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    boolean unpublished() {
        return body.path("versions").isEmpty();
    }

    Optional<ObjectNode> version(String version) {
        JsonNode node = body.path("versions").get(version);
        return node instanceof ObjectNode object ? Optional.of(object) : Optional.empty();
    }

    /** A version or a dist-tag. */
    Optional<ObjectNode> versionOrTag(String spec) {
        Optional<ObjectNode> exact = version(spec);
        if (exact.isPresent()) {
            return exact;
        }
        JsonNode tagged = body.path("dist-tags").get(spec);
        return tagged == null ? Optional.empty() : version(tagged.asText());
    }

    /** The blob behind a tarball file name, as {@code {version, digest, size}}. */
    Optional<JsonNode> tarball(String file) {
        return Optional.ofNullable(body.path(TARBALLS).get(file));
    }
}
