package io.enseada.registry.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;
import static org.assertj.core.groups.Tuple.tuple;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;

/**
 * The browser the web UI's tests drive, on pages of its own served the way the UI serves its pages:
 * a strict Content-Security-Policy (no script at all, styles and images from the same origin) and
 * gzip.
 */
class BrowserIT {
    private static final String STRICT_CSP =
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'";

    private static Pages pages;
    private static Browser browser;

    @BeforeAll
    static void start() throws IOException {
        pages = new Pages();
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (pages != null) {
            pages.close();
        }
    }

    @Test
    void namesTheImageWithoutAltAndTheUnlabelledInput() {
        pages.html("/bad", """
                <!doctype html>
                <html><head><title>Bad</title></head>
                <body><main>
                <img src="/pixel.png">
                <form action="/search"><input type="text" name="q"></form>
                </main></body></html>
                """);
        browser.open(pages.url("/bad"));

        assertThat(browser.accessibilityViolations())
                .extracting(Browser.Violation::id, Browser.Violation::impact, Browser.Violation::targets)
                .contains(
                        tuple("image-alt", "critical", List.of("img")),
                        tuple("label", "critical", List.of("input")),
                        tuple("html-has-lang", "serious", List.of("html")));
    }

    @Test
    void findsNothingOnAnAccessiblePage() {
        pages.html("/good", """
                <!doctype html>
                <html lang="en"><head><title>Good</title><link rel="stylesheet" href="/site.css"></head>
                <body><main>
                <h1>Packages</h1>
                <img src="/pixel.png" alt="Enseada">
                <form action="/search"><label for="q">Search</label><input type="text" id="q" name="q"></form>
                </main></body></html>
                """);
        browser.open(pages.url("/good"));

        assertThat(browser.accessibilityViolations()).isEmpty();
    }

    @Test
    void anInlineScriptDoesNotRunUnderTheStrictPolicyAndTheViolationIsLogged() {
        String page = """
                <!doctype html>
                <html lang="en"><head><title>Readme</title></head>
                <body><main><script>window.ran = 1</script></main></body></html>
                """;
        pages.html("/loose", page, Map.of());
        browser.open(pages.url("/loose"));
        assertThat(browser.windowGlobal("ran"))
                .as("the script runs without a policy")
                .isEqualTo(1L);
        assertThat(browser.policyViolations()).isEmpty();

        pages.html("/strict", page);
        browser.open(pages.url("/strict"));

        assertThat(browser.windowGlobal("ran")).isNull();
        assertThat(browser.policyViolations())
                .singleElement(STRING)
                .contains("inline script")
                .contains("default-src 'none'");
    }

    @Test
    void asksForEnglish() {
        pages.html("/language", """
                <!doctype html>
                <html lang="en"><head><title>Language</title></head><body><main>Hello</main></body></html>
                """);
        browser.open(pages.url("/language"));

        assertThat(pages.acceptLanguage("/language")).startsWith("en-US");
        assertThat(browser.driver())
                .isInstanceOfSatisfying(
                        JavascriptExecutor.class,
                        js -> assertThat(js.executeScript("return navigator.language;"))
                                .isEqualTo("en-US"));
    }

    @Test
    void screenshotIsAPngOfTheViewport(@TempDir Path dir) throws IOException {
        pages.html("/shot", """
                <!doctype html>
                <html lang="en"><head><title>Shot</title><link rel="stylesheet" href="/site.css"></head>
                <body><main><h1>Hello</h1></main></body></html>
                """);
        browser.resize(Browser.WIDTH, Browser.HEIGHT);
        browser.open(pages.url("/shot"));
        Path png = dir.resolve("shot.png");

        browser.screenshot(png);

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as("a PNG ImageIO can read").isNotNull();
        assertThat(new Dimension(image.getWidth(), image.getHeight()))
                .isEqualTo(browser.viewport())
                .isEqualTo(new Dimension(Browser.WIDTH, Browser.HEIGHT));
    }

    @Test
    void transferredBytesAreTheCompressedSize() {
        String rows = "<tr><td>org.example:library</td><td>1.0.0</td><td>maven</td></tr>\n".repeat(3_000);
        String css = "td { padding: 0.25rem 0.5rem; border-bottom: 1px solid #ccc; }\n".repeat(500);
        pages.html("/big", """
                <!doctype html>
                <html lang="en"><head><title>Big</title><link rel="stylesheet" href="/big.css"></head>
                <body><main><table>%s</table><img src="/pixel.png" alt="x"></main></body></html>
                """.formatted(rows));
        pages.file("/big.css", "text/css", css.getBytes(StandardCharsets.UTF_8));
        browser.open(pages.url("/big"));

        long bytes = browser.transferredBytes();

        long uncompressed = pages.uncompressedBytes("/big")
                + pages.uncompressedBytes("/big.css")
                + pages.uncompressedBytes("/pixel.png");
        long gzipped = pages.sentBytes("/big") + pages.sentBytes("/big.css") + pages.sentBytes("/pixel.png");
        assertThat(uncompressed)
                .as("the page is big enough for compression to show")
                .isGreaterThan(20 * gzipped);
        // each response adds its status line and headers (under 300 bytes here) to its body
        assertThat(bytes).isBetween(gzipped, gzipped + 3 * 400);
    }

    @Test
    void aWidePageScrollsSidewaysWhenNarrowAndAFluidOneDoesNot() {
        pages.file("/layout.css", "text/css", """
                .wide { width: 800px; }
                .fluid { max-width: 100%; }
                img { max-width: 100%; }
                """.getBytes(StandardCharsets.UTF_8));
        pages.html("/wide", """
                <!doctype html>
                <html lang="en"><head><title>Wide</title><link rel="stylesheet" href="/layout.css"></head>
                <body><main class="wide">A table laid out for a desktop.</main></body></html>
                """);
        pages.html("/fluid", """
                <!doctype html>
                <html lang="en"><head><title>Fluid</title><link rel="stylesheet" href="/layout.css"></head>
                <body><main class="fluid">%s</main></body></html>
                """.formatted("Text that wraps at any width. ".repeat(100)));
        try {
            browser.resize(Browser.WIDTH, Browser.HEIGHT);
            browser.open(pages.url("/wide"));
            assertThat(browser.scrollsSideways())
                    .as("800 px fit a desktop window")
                    .isFalse();

            browser.narrow();
            assertThat(browser.viewport().getWidth()).isEqualTo(Browser.NARROW_WIDTH);
            assertThat(browser.scrollsSideways()).isTrue();

            browser.open(pages.url("/fluid"));
            assertThat(browser.scrollsSideways()).isFalse();
        } finally {
            browser.resize(Browser.WIDTH, Browser.HEIGHT);
        }
    }

    /**
     * Pages on a loopback port, each with the strict policy unless given other headers, gzipped
     * when the browser accepts it, as the UI's are; it remembers how many bytes each body took.
     */
    private static final class Pages implements AutoCloseable {
        private final HttpServer server;
        private final Map<String, Page> pages = new ConcurrentHashMap<>();
        private final Map<String, Long> sent = new ConcurrentHashMap<>();
        private final Map<String, String> languages = new ConcurrentHashMap<>();

        Pages() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", this::serve);
            server.start();
            file("/pixel.png", "image/png", pixel());
            file("/site.css", "text/css", "body { font-family: sans-serif; }".getBytes(StandardCharsets.UTF_8));
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        void html(String path, String html) {
            html(path, html, Map.of("Content-Security-Policy", STRICT_CSP));
        }

        void html(String path, String html, Map<String, String> headers) {
            pages.put(path, new Page("text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), headers));
        }

        void file(String path, String type, byte[] body) {
            pages.put(path, new Page(type, body, Map.of()));
        }

        long uncompressedBytes(String path) {
            return pages.get(path).body().length;
        }

        /** The body's bytes as last sent, after compression. */
        long sentBytes(String path) {
            return sent.get(path);
        }

        /** The Accept-Language the browser last sent for {@code path}. */
        String acceptLanguage(String path) {
            return languages.get(path);
        }

        private void serve(HttpExchange exchange) throws IOException {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                String language = exchange.getRequestHeaders().getFirst("Accept-Language");
                if (language != null) {
                    languages.put(path, language);
                }
                Page page = pages.get(path);
                if (page == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                byte[] body = page.body();
                exchange.getResponseHeaders().set("Content-Type", page.type());
                page.headers().forEach(exchange.getResponseHeaders()::set);
                String accepted = exchange.getRequestHeaders().getFirst("Accept-Encoding");
                if (accepted != null && accepted.contains("gzip")) {
                    body = gzip(body);
                    exchange.getResponseHeaders().set("Content-Encoding", "gzip");
                }
                sent.put(path, (long) body.length);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }

        private static byte[] gzip(byte[] body) throws IOException {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(buffer)) {
                out.write(body);
            }
            return buffer.toByteArray();
        }

        private static byte[] pixel() throws IOException {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "png", png);
            return png.toByteArray();
        }

        @Override
        public void close() {
            server.stop(0);
        }

        private record Page(String type, byte[] body, Map<String, String> headers) {}
    }
}
