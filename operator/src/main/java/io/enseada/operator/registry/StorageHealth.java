package io.enseada.operator.registry;

/**
 * Whether a Registry's blob storage can be used, as its {@code StorageReady} condition says: a
 * CamelCase reason and a one-line message that names the bucket or claim, never a credential.
 */
public record StorageHealth(boolean ready, String reason, String message) {
    public static StorageHealth ready(String reason, String message) {
        return new StorageHealth(true, reason, message);
    }

    public static StorageHealth failing(String reason, String message) {
        return new StorageHealth(false, reason, message);
    }
}
