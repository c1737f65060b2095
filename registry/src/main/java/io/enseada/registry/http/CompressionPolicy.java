package io.enseada.registry.http;

import io.javalin.compression.CompressionStrategy;
import io.javalin.compression.Gzip;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Header;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one place that decides which responses the server compresses. Javalin gzips any response
 * whose first write is large enough and whose type it does not exclude, when the client sends
 * {@code Accept-Encoding: gzip} (every Go client does) — including one whose handler already set
 * the uncompressed {@code Content-Length}, which the gzipped bytes then overran.
 *
 * <p>The rule: a response goes out exactly as the handler produced it when the handler declared
 * its length, when it is a stored file sent as an attachment (blobs, layers, tarballs, artifacts:
 * compressed already, and content-addressed bodies must arrive byte for byte), or when its type is
 * one of those bytes. Everything else — packuments, listings, API JSON, metrics — may be
 * compressed, and then has no hand-set length: Jetty sends the compressed size or chunks it.
 */
public final class CompressionPolicy {
    /** Media types of stored bytes, matched as prefixes, never compressed whatever the route. */
    static final List<String> STORED_BYTES = List.of(
            "application/octet-stream",
            "application/java-archive",
            "application/x-tar",
            "application/vnd.oci.image.layer",
            "application/vnd.docker.image.rootfs");

    public void install(JavalinConfig cfg) {
        CompressionStrategy gzip = new CompressionStrategy(null, new Gzip());
        List<String> excluded = new ArrayList<>(gzip.getExcludedMimeTypes());
        excluded.addAll(STORED_BYTES);
        gzip.setExcludedMimeTypes(excluded);
        cfg.http.compressionStrategy = gzip;
        // After-handlers run once the route (or its exception handler) has set the headers, and
        // before Javalin writes the first byte, which is when it decides to compress.
        cfg.routes.after(CompressionPolicy::decide);
    }

    static void decide(Context ctx) {
        HttpServletResponse response = ctx.res();
        if (response.containsHeader(Header.CONTENT_LENGTH)
                || response.containsHeader(Header.CONTENT_DISPOSITION)
                || storedBytes(response.getContentType())) {
            ctx.disableCompression();
            return;
        }
        boolean varies = response.getHeaders(Header.VARY).stream()
                .anyMatch(value -> value.toLowerCase(Locale.ROOT).contains("accept-encoding")
                        || value.trim().equals("*"));
        if (!varies) {
            response.addHeader(Header.VARY, Header.ACCEPT_ENCODING);
        }
    }

    private static boolean storedBytes(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        return STORED_BYTES.stream().anyMatch(type::startsWith);
    }
}
