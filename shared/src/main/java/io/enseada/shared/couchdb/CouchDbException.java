package io.enseada.shared.couchdb;

/**
 * A CouchDB request failed. {@link #status()} is the HTTP status, or {@link #NO_RESPONSE} when the
 * server could not be reached or did not answer in time. Messages name the URL, never credentials.
 */
public class CouchDbException extends RuntimeException {
    public static final int NO_RESPONSE = -1;

    private final int status;

    public CouchDbException(int status, String message) {
        super(message);
        this.status = status;
    }

    public CouchDbException(String message, Throwable cause) {
        super(message, cause);
        this.status = NO_RESPONSE;
    }

    public int status() {
        return status;
    }

    public boolean isConflict() {
        return status == 409;
    }
}
