package io.enseada.registry.proxy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP upstream whose files the test controls byte by byte: a file is sent whole, or
 * its first part and then nothing until the test opens the gate (or never: a stall), or with a
 * changed last byte (bytes that do not verify). Every response declares the file's length, as
 * distribution, nginx and Verdaccio do; every GET is counted.
 */
final class GatedUpstream implements AutoCloseable {
    enum Mode {
        WHOLE,
        GATED,
        STALLED,
        CORRUPT
    }

    /** What is sent before a gated or stalled file waits; half of a smaller file. */
    static final int FIRST_PART = 1 << 20;

    private record File(byte[] body, String contentType, Mode mode) {}

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, File> files = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> gets = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> firstPartSent = new ConcurrentHashMap<>();
    private final Map<String, Boolean> restSent = new ConcurrentHashMap<>();
    /** Holds stalled files until the upstream is closed. */
    private final CountDownLatch closing = new CountDownLatch(1);

    GatedUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    void serve(String path, byte[] body, String contentType, Mode mode) {
        gates.computeIfAbsent(path, p -> new CountDownLatch(1));
        firstPartSent.computeIfAbsent(path, p -> new CountDownLatch(1));
        files.put(path, new File(body, contentType, mode));
    }

    /** Lets a gated file's rest go. */
    void open(String path) {
        gates.get(path).countDown();
    }

    boolean awaitFirstPart(String path) throws InterruptedException {
        return firstPartSent.get(path).await(60, TimeUnit.SECONDS);
    }

    /** Whether the upstream has sent the file past its first part. */
    boolean restSent(String path) {
        return restSent.getOrDefault(path, false);
    }

    int gets(String path) {
        AtomicInteger count = gets.get(path);
        return count == null ? 0 : count.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        File file = files.get(path);
        if (file == null) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        boolean head = exchange.getRequestMethod().equals("HEAD");
        if (!head) {
            gets.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        }
        exchange.getResponseHeaders().set("Content-Type", file.contentType());
        byte[] body = file.body();
        if (head) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
            return;
        }
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (file.mode() == Mode.WHOLE) {
                out.write(body);
                return;
            }
            if (file.mode() == Mode.CORRUPT) {
                byte[] changed = body.clone();
                changed[changed.length - 1] ^= 1;
                out.write(changed);
                return;
            }
            int first = Math.min(FIRST_PART, body.length / 2);
            out.write(body, 0, first);
            out.flush();
            firstPartSent.get(path).countDown();
            await(file.mode() == Mode.GATED ? gates.get(path) : closing);
            restSent.put(path, true);
            out.write(body, first, body.length - first);
        } catch (IOException gone) {
            // the proxy gave up on this body (a stall it timed out)
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closing.countDown();
        gates.values().forEach(CountDownLatch::countDown);
        server.stop(0);
        threads.shutdownNow();
    }
}
