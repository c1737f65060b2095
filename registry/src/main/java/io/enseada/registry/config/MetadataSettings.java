package io.enseada.registry.config;

import java.net.URI;
import java.nio.file.Path;

/** Where documents live. */
public sealed interface MetadataSettings {

    record Embedded(Path file) implements MetadataSettings {}

    /** @param username null for a CouchDB without authentication */
    record CouchDb(URI url, String username, Secret password, String database) implements MetadataSettings {}
}
