package io.enseada.operator.repository;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.enseada.operator.common.Conditions.Observation;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The probe against sockets on loopback: an HTTP server, a closed port, and a server that never answers. */
class HttpUpstreamProbeTest {
    private static final Duration SHORT = Duration.ofMillis(300);

    @Test
    void anyHttpAnswerCountsEvenARefusal() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"upstream\"");
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            Observation observation = new HttpUpstreamProbe(Duration.ofSeconds(2))
                    .probe(URI.create("http://127.0.0.1:" + port + "/registry/"));

            assertThat(observation)
                    .isEqualTo(Observation.holds(
                            "UpstreamReachable", "Reachable", "upstream 127.0.0.1:" + port + " answers (HTTP 401)"));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aClosedPortIsUnreachable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Observation observation =
                new HttpUpstreamProbe(Duration.ofSeconds(2)).probe(URI.create("http://127.0.0.1:" + port + "/"));

        assertThat(observation)
                .isEqualTo(Observation.fails(
                        "UpstreamReachable", "Unreachable", "upstream 127.0.0.1:" + port + " refuses the connection"));
    }

    @Test
    void anUpstreamThatNeverAnswersIsGivenUpOnAfterTheTimeout() throws Exception {
        // accepts connections (the backlog) and never reads or answers
        try (ServerSocket silent = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            long start = System.nanoTime();
            Observation observation =
                    new HttpUpstreamProbe(SHORT).probe(URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/"));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(observation.status()).isEqualTo("False");
            assertThat(observation.reason()).isEqualTo("Unreachable");
            assertThat(observation.message())
                    .isEqualTo("upstream 127.0.0.1:" + silent.getLocalPort() + " does not answer within 300 ms");
            assertThat(took).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void aNameThatDoesNotResolveIsAnUnknownHost() {
        // .invalid never resolves (RFC 6761)
        Observation observation =
                new HttpUpstreamProbe(Duration.ofSeconds(2)).probe(URI.create("https://npm-upstream.invalid/"));

        assertThat(observation)
                .isEqualTo(Observation.fails(
                        "UpstreamReachable", "Unreachable", "upstream npm-upstream.invalid is an unknown host"));
    }
}
