package io.enseada.registry.errors;

/**
 * A proxy repository could not get an item from its upstream: the upstream refused the connection,
 * timed out, failed or sent something unusable. The message says what happened at the upstream,
 * named by its host, never by credentials; whether a cached copy was served instead is for the
 * caller to say ({@link #nothingCached()}).
 */
public class UpstreamUnavailableException extends RuntimeException {
    private final boolean timedOut;

    public UpstreamUnavailableException(String upstreamHost, String reason, boolean timedOut, Throwable cause) {
        this("upstream " + upstreamHost + ": " + reason, timedOut, cause);
    }

    private UpstreamUnavailableException(String message, boolean timedOut, Throwable cause) {
        super(message, cause);
        this.timedOut = timedOut;
    }

    /** The same failure as the answer to a client, when no copy of the item is cached to serve instead. */
    public UpstreamUnavailableException nothingCached() {
        return new UpstreamUnavailableException(getMessage() + "; it is not cached here", timedOut, this);
    }

    /** A gateway timeout (504) rather than a bad gateway (502). */
    public boolean timedOut() {
        return timedOut;
    }
}
