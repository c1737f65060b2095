package io.enseada.registry.testing;

import static org.awaitility.Awaitility.await;

import io.enseada.shared.testing.HttpSession;
import io.enseada.shared.testing.TestServices;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The real Verdaccio (6.8, from test-services' lockfile) on a loopback port, without uplinks:
 * the foreign npm registry a proxy repository reads from. Anyone may publish to it, so a test
 * places packages with plain publish bodies.
 */
public final class Verdaccio implements AutoCloseable {
    private final Path dir;
    private final int port;
    private Process process;

    private Verdaccio(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    public static Verdaccio start(Path dir) throws IOException {
        Files.createDirectories(dir);
        Verdaccio verdaccio = new Verdaccio(dir, LoopbackPort.free());
        Files.writeString(dir.resolve("config.yaml"), """
                storage: %1$s/storage
                auth:
                  htpasswd:
                    file: %1$s/htpasswd
                    max_users: 100
                uplinks: {}
                packages:
                  '**':
                    access: $all
                    publish: $all
                    unpublish: $all
                listen: 127.0.0.1:%2$d
                max_body_size: 100mb
                web:
                  enable: false
                log: { type: stdout, format: pretty, level: warn }
                """.formatted(dir, verdaccio.port));
        verdaccio.start();
        return verdaccio;
    }

    public void start() throws IOException {
        process = new ProcessBuilder(
                        "node",
                        TestServices.installed("verdaccio/bin/verdaccio").toString(),
                        "--config",
                        dir.resolve("config.yaml").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("verdaccio.log").toFile()))
                .start();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(
                                "verdaccio exited: " + Files.readString(dir.resolve("verdaccio.log")));
                    }
                    return LoopbackPort.listening(port);
                });
    }

    /** Stops it, as an upstream outage does; {@link #start} brings it back with what it stored. */
    public void stop() {
        if (process != null) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    /** Publishes a package version with an npm publish body. */
    public void publish(String name, Map<String, Object> body) {
        HttpSession.Response published = new HttpSession(url()).put("/" + name.replace("/", "%2f"), body);
        if (published.status() != 201 && published.status() != 200) {
            throw new AssertionError("verdaccio refused " + name + ": " + published);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
