package io.enseada.registry.upstream;

import io.enseada.registry.errors.UpstreamUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.util.Optional;

/**
 * What an upstream answered; the caller reads or closes the body.
 *
 * @param host the proxy's upstream, as failures name it
 */
public record UpstreamResponse(String host, int status, HttpHeaders headers, InputStream body)
        implements AutoCloseable {

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    public boolean notFound() {
        return status == 404 || status == 410;
    }

    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    /** -1 when the upstream did not say. */
    public long contentLength() {
        return headers.firstValueAsLong("Content-Length").orElse(-1);
    }

    /**
     * The whole body, refused past {@code limit} bytes (a metadata document is small; a loop is not).
     *
     * @throws UpstreamUnavailableException when it is larger, or stops arriving (a 504 when it stalled)
     */
    public byte[] bytes(int limit) {
        byte[] read;
        try (InputStream in = body) {
            read = in.readNBytes(limit + 1);
        } catch (IOException e) {
            throw bodyFailed(host, "its answer", e);
        }
        if (read.length > limit) {
            throw new UpstreamUnavailableException(host, "its answer is larger than " + limit + " bytes", false, null);
        }
        return read;
    }

    /** A body that broke off: a gateway timeout when it stalled, a bad gateway otherwise. */
    public static UpstreamUnavailableException bodyFailed(String host, String what, IOException e) {
        boolean stalled = e instanceof HttpTimeoutException;
        return new UpstreamUnavailableException(
                host,
                what
                        + (stalled
                                ? " stalled: " + e.getMessage()
                                : " broke off (" + e.getClass().getSimpleName() + ")"),
                stalled,
                e);
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException e) {
            // the connection is given up either way
        }
    }
}
