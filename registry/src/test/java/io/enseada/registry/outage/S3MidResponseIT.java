package io.enseada.registry.outage;

import static io.enseada.registry.outage.SampleContent.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.testing.AuthorizationHeader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S3 fails in the middle of sending an object the registry is streaming to a client, after the
 * registry has promised the whole length in {@code Content-Length}. The client must see a
 * truncated transfer on the status and length it was promised — the signal every client retries
 * on — never a response completed with Jetty's HTML error page, whether the headers had left
 * already or were still buffered (as for a tarball of a few hundred bytes: the case of "Insufficient
 * content written 73 < 1319"). S3 is reached through a relay that drops the connection mid-body.
 */
class S3MidResponseIT {
    private static final int CUT_AFTER = 73;

    @TempDir
    Path dir;

    private CuttingProxy relay;
    private PushedRegistry registry;
    private SampleContent content;

    @BeforeEach
    void start() throws Exception {
        registry = PushedRegistry.start(dir, endpoint -> {
            try {
                relay = new CuttingProxy(endpoint);
                return relay.endpoint();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        content = registry.content();
        relay.cutAfter(CUT_AFTER);
    }

    @AfterEach
    void stop() throws Exception {
        registry.close();
        relay.close();
    }

    @Test
    void aSmallTarballStillBufferedIsCutNotAnsweredWithAnErrorPage() throws IOException {
        assertTruncated(get(SampleContent.TARBALL_PATH), content.tarball().length);
    }

    @Test
    void aLayerIsCutWhetherItsHeadersWereStillBufferedOrSentAlready() throws IOException {
        assertTruncated(get("/v2/" + IMAGE + "/blobs/" + content.layerDigest()), content.layer().length);
        relay.cutAfter(40 * 1024); // past the registry's 32 KiB response buffer: the headers are out
        assertTruncated(get("/v2/" + IMAGE + "/blobs/" + content.layerDigest()), content.layer().length);
    }

    @Test
    void aMavenFileIsCut() throws IOException {
        assertTruncated(get(SampleContent.JAR_PATH), content.jar().length);
    }

    @Test
    void theNextRequestOnAFreshConnectionIsAnsweredAgainOnceS3Is() throws IOException {
        assertTruncated(get(SampleContent.TARBALL_PATH), content.tarball().length);
        relay.cutAfter(-1);
        Exchange whole = get(SampleContent.TARBALL_PATH);
        assertThat(whole.statusLine()).isEqualTo("HTTP/1.1 200 OK");
        assertThat(whole.body()).isEqualTo(content.tarball());
    }

    private static void assertTruncated(Exchange exchange, int length) {
        assertThat(exchange.statusLine()).as(exchange.head()).isEqualTo("HTTP/1.1 200 OK");
        assertThat(exchange.header("content-length")).isEqualTo(Integer.toString(length));
        assertThat(exchange.body().length)
                .as("bytes before the connection was cut")
                .isLessThan(length);
        assertThat(exchange.connectionClosed()).isTrue();
        assertThat(new String(exchange.body(), StandardCharsets.ISO_8859_1))
                .doesNotContain("<html", "HTTP ERROR", "Insufficient content");
    }

    /** One request on its own connection, read to the end: what a client's socket sees. */
    private Exchange get(String path) throws IOException {
        String auth = AuthorizationHeader.basic("admin", TestRegistry.ADMIN_PASSWORD);
        try (Socket socket =
                new Socket("127.0.0.1", registry.backends().registry().port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream()
                    .write(("GET " + path + " HTTP/1.1\r\nHost: registry\r\nAuthorization: " + auth
                                    + "\r\nAccept-Encoding: gzip\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            int n;
            boolean closed;
            try {
                while ((n = in.read(buffer)) > 0) {
                    received.write(buffer, 0, n);
                    if (Exchange.complete(received.toByteArray())) {
                        break;
                    }
                }
                closed = n < 0;
            } catch (java.net.SocketException reset) {
                closed = true;
            }
            return Exchange.parse(received.toByteArray(), closed);
        }
    }

    /** A raw HTTP/1.1 answer: head and body as they arrived. */
    record Exchange(String head, byte[] body, boolean connectionClosed) {
        static Exchange parse(byte[] bytes, boolean closed) {
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                return new Exchange(text, new byte[0], closed);
            }
            byte[] body = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
            return new Exchange(text.substring(0, end), body, closed);
        }

        /** The whole promised body arrived (so the connection stays open and reading on would block). */
        static boolean complete(byte[] bytes) {
            Exchange partial = parse(bytes, false);
            String length = partial.header("content-length");
            return length != null && partial.body().length >= Long.parseLong(length);
        }

        String statusLine() {
            return head.lines().findFirst().orElse("");
        }

        String header(String name) {
            return head.lines()
                    .skip(1)
                    .filter(line -> line.toLowerCase(Locale.ROOT).startsWith(name + ":"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse(null);
        }
    }
}
