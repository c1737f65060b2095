package io.enseada.registry.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpHeaders;
import java.util.Optional;

/** What an upstream answered; the caller reads or closes the body. */
public record UpstreamResponse(int status, HttpHeaders headers, InputStream body) implements AutoCloseable {

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

    /** The whole body, refused past {@code limit} bytes (a metadata document is small; a loop is not). */
    public byte[] bytes(int limit) {
        try (InputStream in = body) {
            byte[] read = in.readNBytes(limit + 1);
            if (read.length > limit) {
                throw new IOException("upstream body is larger than " + limit + " bytes");
            }
            return read;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
