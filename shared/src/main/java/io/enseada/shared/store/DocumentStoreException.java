package io.enseada.shared.store;

/** The document store failed or could not be reached. */
public class DocumentStoreException extends RuntimeException {
    public DocumentStoreException(String message) {
        super(message);
    }

    public DocumentStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
