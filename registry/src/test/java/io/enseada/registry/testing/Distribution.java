package io.enseada.registry.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * The real distribution registry (Debian's {@code docker-registry}, the CNCF registry) on a
 * loopback port, with one user in an htpasswd file: the upstream an OCI proxy meets when it mirrors
 * a registry that wants Basic credentials. Its access log tells a test how often it was asked for
 * a path.
 */
public final class Distribution implements AutoCloseable {
    private final Path dir;
    private final int port;
    private Process process;

    private Distribution(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Serves from {@code dir}, to {@code user} with {@code password} only. */
    public static Distribution start(Path dir, String user, String password) throws IOException {
        Files.createDirectories(dir.resolve("data"));
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        Files.writeString(
                dir.resolve("htpasswd"),
                user + ":" + OpenBSDBCrypt.generate("2a", password.toCharArray(), salt, 6) + "\n");
        Distribution distribution = new Distribution(dir, LoopbackPort.free());
        Files.writeString(dir.resolve("config.yml"), """
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: %1$s/data
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:%2$d
                auth:
                  htpasswd:
                    realm: distribution
                    path: %1$s/htpasswd
                """.formatted(dir, distribution.port));
        distribution.start();
        return distribution;
    }

    public void start() throws IOException {
        String binary = Files.isExecutable(Path.of("/usr/bin/docker-registry"))
                ? "/usr/bin/docker-registry"
                : "docker-registry";
        process = new ProcessBuilder(binary, "serve", dir.resolve("config.yml").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("access.log").toFile()))
                .start();
        await().atMost(Duration.ofSeconds(20)).until(() -> LoopbackPort.listening(port));
    }

    /** Stops it, as an upstream outage does; {@link #start} brings it back with what it held. */
    public void stop() {
        LoopbackPort.stop(process, port);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    public int port() {
        return port;
    }

    /** How many requests of {@code method} for {@code path} it answered with success (its 401 challenges not counted). */
    public long answered(String method, String path) throws IOException {
        Path log = dir.resolve("access.log");
        if (!Files.exists(log)) {
            return 0;
        }
        String wanted = "\"" + method + " " + path + " HTTP/1.1\" 2";
        List<String> lines = Files.readAllLines(log);
        return lines.stream().filter(line -> line.contains(wanted)).count();
    }

    @Override
    public void close() {
        stop();
    }
}
