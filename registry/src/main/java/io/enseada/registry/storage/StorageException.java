package io.enseada.registry.storage;

/** The blob store failed, or refused an operation for a reason its subclass names. */
public class StorageException extends RuntimeException {
    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
