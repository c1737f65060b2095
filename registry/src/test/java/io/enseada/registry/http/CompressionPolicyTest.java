package io.enseada.registry.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.enseada.registry.testing.RawHttp;
import io.javalin.config.JavalinConfig;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The policy decides for routes it has never seen: a route added tomorrow that sets its length by
 * hand, streams stored bytes or serves a document gets the right encoding without saying so.
 */
class CompressionPolicyTest {
    private static final Map<String, String> GZIP = Map.of("Accept-Encoding", "gzip");
    private static final byte[] DOCUMENT =
            "{\"line\":\"a document gzip shrinks well\"}\n".repeat(2_000).getBytes(StandardCharsets.UTF_8);
    private static final byte[] STORED = new byte[3 * 1024 * 1024];

    static {
        new Random(5).nextBytes(STORED);
    }

    private BareApp app;

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void aBodyWhoseLengthTheRouteDeclaredGoesOutAsItIs() {
        RawHttp http = serve(cfg -> cfg.routes.get(
                "/declared",
                ctx -> ctx.contentType("application/json")
                        .header("Content-Length", Integer.toString(DOCUMENT.length))
                        .result(new ByteArrayInputStream(DOCUMENT))));

        RawHttp.Response response = http.send("GET", "/declared", GZIP);

        assertThat(response.header("Content-Encoding")).isNull();
        assertThat(response.header("Content-Length")).isEqualTo(Integer.toString(DOCUMENT.length));
        assertThat(response.body()).isEqualTo(DOCUMENT);
    }

    @Test
    void storedBytesAreNeverCompressedEvenWithoutADeclaredLength() {
        RawHttp http = serve(cfg -> {
            cfg.routes.get(
                    "/blob",
                    ctx -> ctx.contentType("application/octet-stream").result(new ByteArrayInputStream(STORED)));
            cfg.routes.get(
                    "/layer",
                    ctx -> ctx.contentType("application/vnd.oci.image.layer.v1.tar")
                            .result(new ByteArrayInputStream(DOCUMENT)));
            cfg.routes.get("/file", ctx -> {
                SecurityHeaders.attachment(ctx, "notes.txt");
                ctx.contentType("text/plain").result(new ByteArrayInputStream(DOCUMENT));
            });
        });

        RawHttp.Response blob = http.send("GET", "/blob", GZIP);
        assertThat(blob.header("Content-Encoding")).isNull();
        assertThat(blob.body()).isEqualTo(STORED);
        RawHttp.Response layer = http.send("GET", "/layer", GZIP);
        assertThat(layer.header("Content-Encoding")).isNull();
        assertThat(layer.body()).isEqualTo(DOCUMENT);
        RawHttp.Response file = http.send("GET", "/file", GZIP);
        assertThat(file.header("Content-Encoding")).isNull();
        assertThat(file.body()).isEqualTo(DOCUMENT);
    }

    @Test
    void aDocumentIsCompressedWithACorrectLengthAndVaries() {
        RawHttp http = serve(cfg -> cfg.routes.get(
                "/document", ctx -> ctx.contentType("application/json").result(DOCUMENT)));

        RawHttp.Response gzipped = http.send("GET", "/document", GZIP);
        RawHttp.Response plain = http.send("GET", "/document", Map.of());

        assertThat(gzipped.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(gzipped.body().length).isLessThan(DOCUMENT.length / 10);
        assertThat(gzipped.decoded()).isEqualTo(DOCUMENT);
        assertThat(gzipped.header("Vary")).isEqualTo("Accept-Encoding");
        assertThat(plain.header("Content-Encoding")).isNull();
        assertThat(plain.body()).isEqualTo(DOCUMENT);
    }

    @Test
    void aVaryTheRouteSetIsKept() {
        RawHttp http = serve(cfg -> cfg.routes.get(
                "/negotiated",
                ctx -> ctx.contentType("application/json")
                        .header("Vary", "Accept, Accept-Encoding")
                        .result(DOCUMENT)));

        assertThat(http.send("GET", "/negotiated", GZIP).headers("Vary")).containsExactly("Accept, Accept-Encoding");
    }

    private RawHttp serve(Consumer<JavalinConfig> routes) {
        app = BareApp.start(cfg -> {
            new CompressionPolicy().install(cfg);
            routes.accept(cfg);
        });
        return app.http();
    }
}
