package io.enseada.registry.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.enseada.registry.errors.UpstreamUnavailableException;
import io.enseada.shared.model.Format;
import io.enseada.shared.model.ProxyOptions;
import io.enseada.shared.model.RepositorySpec;
import io.enseada.shared.model.Visibility;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Against a loopback server that sends the headers and the first bytes of a body, then stops
 * until the test lets it go on: the JDK client's own timeout ends with the headers, so the guard
 * is what fails the read, and it fails it, never ends it cleanly.
 */
class BodyIdleTimeoutTest {
    private static final int LENGTH = 1000;
    private static final int FIRST = 100;

    private final CountDownLatch released = new CountDownLatch(1);
    private HttpServer server;
    private UpstreamClient client;
    private RepositorySpec proxy;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/stalls", exchange -> {
            exchange.sendResponseHeaders(200, LENGTH);
            OutputStream body = exchange.getResponseBody();
            body.write(new byte[FIRST]);
            body.flush();
            await(released);
            body.write(new byte[LENGTH - FIRST]);
            exchange.close();
        });
        server.createContext("/trickles", exchange -> {
            exchange.sendResponseHeaders(200, 10);
            OutputStream body = exchange.getResponseBody();
            for (int i = 0; i < 10; i++) {
                body.write(i);
                body.flush();
                sleep(150);
            }
            exchange.close();
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        proxy = RepositorySpec.proxy(
                "p",
                Format.MAVEN,
                Visibility.PUBLIC,
                new ProxyOptions(
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/")));
        client = new UpstreamClient(
                UpstreamClient.Settings.DEFAULT.withBodyIdleTimeout(Duration.ofMillis(500)),
                new ProxyMetrics(new SimpleMeterRegistry()));
    }

    @AfterEach
    void stop() {
        released.countDown();
        client.close();
        server.stop(0);
    }

    @Test
    void closingTheJdksBodyStreamFromAnotherThreadUnblocksAReadWithAnIoException() throws Exception {
        HttpResponse<InputStream> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(proxy.proxy().resolve("stalls")).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
        InputStream body = response.body();
        assertThat(body.readNBytes(FIRST)).hasSize(FIRST);
        ScheduledExecutorService closer = Executors.newSingleThreadScheduledExecutor();
        try {
            closer.schedule(() -> close(body), 300, TimeUnit.MILLISECONDS);
            // this is what the guard relies on: on Java 17 the blocked read ends, and not as an end of stream
            assertThatThrownBy(() -> body.read(new byte[LENGTH])).isInstanceOf(IOException.class);
        } finally {
            closer.shutdownNow();
        }
    }

    @Test
    void aBodyThatStallsFailsTheReadWithATimeoutNeverACleanEnd() throws Exception {
        try (UpstreamResponse response = client.get(proxy, "stalls", Map.of())) {
            InputStream body = response.body();
            assertThat(body.readNBytes(FIRST)).as("what arrived is read").hasSize(FIRST);
            assertThatThrownBy(() -> body.readNBytes(LENGTH))
                    .isInstanceOf(HttpTimeoutException.class)
                    .hasMessageContaining("no byte of the body arrived for 500 ms");
            assertThatThrownBy(body::read).as("and stays failed").isInstanceOf(HttpTimeoutException.class);
        }
    }

    @Test
    void aStalledMetadataBodyIsAGatewayTimeoutNamingTheUpstream() {
        try (UpstreamResponse response = client.get(proxy, "stalls", Map.of())) {
            assertThatThrownBy(() -> response.bytes(1 << 20))
                    .isInstanceOfSatisfying(
                            UpstreamUnavailableException.class,
                            e -> assertThat(e.timedOut()).isTrue())
                    .hasMessageContaining("upstream 127.0.0.1")
                    .hasMessageContaining("stalled");
        }
    }

    @Test
    void closingTheClientFailsAReadStillWaitingInsteadOfLeavingItBlocked() throws Exception {
        UpstreamClient patient = new UpstreamClient(
                UpstreamClient.Settings.DEFAULT.withBodyIdleTimeout(Duration.ofMinutes(10)),
                new ProxyMetrics(new SimpleMeterRegistry()));
        try (UpstreamResponse response = patient.get(proxy, "stalls", Map.of())) {
            InputStream body = response.body();
            assertThat(body.readNBytes(FIRST)).hasSize(FIRST);
            ScheduledExecutorService closer = Executors.newSingleThreadScheduledExecutor();
            try {
                closer.schedule(patient::close, 300, TimeUnit.MILLISECONDS);
                assertThatThrownBy(() -> body.readNBytes(LENGTH))
                        .isInstanceOf(IOException.class)
                        .hasMessage("the server is stopping");
            } finally {
                closer.shutdownNow();
            }
        }
    }

    @Test
    void aSlowBodyWhoseBytesKeepComingIsNotCut() throws Exception {
        // 10 bytes, 150 ms apart: longer in all than the timeout, never idle for it
        try (UpstreamResponse response = client.get(proxy, "trickles", Map.of())) {
            assertThat(response.body().readAllBytes()).hasSize(10);
        }
    }

    @Test
    void aBodyThatResumesInTimeArrivesWhole() throws Exception {
        try (UpstreamResponse response = client.get(proxy, "stalls", Map.of())) {
            InputStream body = response.body();
            assertThat(body.readNBytes(FIRST)).hasSize(FIRST);
            released.countDown();
            assertThat(body.readAllBytes()).hasSize(LENGTH - FIRST);
        }
    }

    private static void close(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
