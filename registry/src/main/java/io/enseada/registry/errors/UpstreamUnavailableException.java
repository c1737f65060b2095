package io.enseada.registry.errors;

/**
 * A proxy repository could not get from its upstream what it has never cached: the upstream
 * refused the connection, timed out or failed. Named by its host, never by credentials.
 */
public class UpstreamUnavailableException extends RuntimeException {
    private final boolean timedOut;

    public UpstreamUnavailableException(String upstreamHost, String reason, boolean timedOut, Throwable cause) {
        super("upstream " + upstreamHost + ": " + reason, cause);
        this.timedOut = timedOut;
    }

    /** A gateway timeout (504) rather than a bad gateway (502). */
    public boolean timedOut() {
        return timedOut;
    }
}
