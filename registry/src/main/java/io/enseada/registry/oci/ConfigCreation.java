package io.enseada.registry.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.enseada.registry.storage.BlobNotFoundException;
import io.enseada.registry.storage.BlobStore;
import io.enseada.registry.storage.Digest;
import io.enseada.registry.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * When an image was built, as its config's {@code created} says: read from the blob store, so only
 * for configs small enough to read whole, and remembered, since a config never changes under its
 * digest. A config that is gone, too large or not JSON simply has no time.
 */
final class ConfigCreation {
    /** Image configs are a few KiB (tens with a long history); larger ones are not read for a date. */
    static final int LIMIT = 256 * 1024;

    private final BlobStore blobs;
    private final ObjectMapper json;
    private final Cache<Digest, Optional<Instant>> known =
            Caffeine.newBuilder().maximumSize(10_000).build();

    ConfigCreation(BlobStore blobs, ObjectMapper json) {
        this.blobs = blobs;
        this.json = json;
    }

    /** The config's {@code created}, or null. */
    Instant of(StoredManifest.Descriptor config) {
        if (config == null || config.size() > LIMIT || config.size() <= 0 || !isJson(config.mediaType())) {
            return null;
        }
        Digest digest;
        try {
            digest = Digest.parse(config.digest());
        } catch (IllegalArgumentException e) {
            return null;
        }
        try {
            return known.get(digest, this::read).orElse(null);
        } catch (StorageException e) {
            // an outage of the blob store: the page shows no date this time, and asks again next time
            return null;
        }
    }

    private Optional<Instant> read(Digest digest) {
        byte[] bytes;
        try (InputStream in = blobs.open(digest, 0, LIMIT + 1)) {
            bytes = in.readNBytes(LIMIT + 1);
        } catch (BlobNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StorageException("reading image config " + digest + " failed", e);
        }
        if (bytes.length > LIMIT) {
            return Optional.empty();
        }
        try {
            JsonNode created = json.readTree(bytes).path("created");
            return created.isTextual() ? Optional.of(Instant.parse(created.asText())) : Optional.empty();
        } catch (IOException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static boolean isJson(String mediaType) {
        return mediaType == null || mediaType.endsWith("+json") || mediaType.endsWith("/json");
    }
}
