package io.enseada.registry.storage;

import java.util.Objects;

/**
 * Whom an upload session belongs to: what it uploads into (for OCI the name, {@code oci:<name>})
 * and the principal that opened it. Kept in the session's state in the backend, so every replica
 * can tell a session's owner from anyone else who learned its id.
 */
public record UploadOwner(String target, String principal) {
    public UploadOwner {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(principal, "principal");
    }
}
