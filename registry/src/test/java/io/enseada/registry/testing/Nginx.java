package io.enseada.registry.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The real nginx (Debian's {@code nginx-light}) serving a directory as static files on a loopback
 * port: the plainest upstream a Maven proxy meets (a mirror of Maven Central is just that). Its
 * access log tells a test how often the upstream was asked for a path.
 */
public final class Nginx implements AutoCloseable {
    private final Path dir;
    private final int port;
    private Process process;

    private Nginx(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Serves {@code root}; its own files (config, logs) go to {@code work}. */
    public static Nginx serve(Path root, Path work) throws IOException {
        Files.createDirectories(work.resolve("tmp"));
        Nginx nginx = new Nginx(work, LoopbackPort.free());
        Files.writeString(work.resolve("nginx.conf"), """
                daemon off;
                master_process off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 256; }
                http {
                  access_log %1$s/access.log;
                  client_body_temp_path %1$s/tmp;
                  proxy_temp_path %1$s/tmp;
                  fastcgi_temp_path %1$s/tmp;
                  uwsgi_temp_path %1$s/tmp;
                  scgi_temp_path %1$s/tmp;
                  types { application/java-archive jar; application/xml pom xml; text/plain sha1 md5; }
                  default_type application/octet-stream;
                  server {
                    listen 127.0.0.1:%2$d;
                    root %3$s;
                  }
                }
                """.formatted(work, nginx.port, root));
        nginx.start();
        return nginx;
    }

    public void start() throws IOException {
        String binary = Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : "nginx";
        process = new ProcessBuilder(binary, "-c", dir.resolve("nginx.conf").toString(), "-p", dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        await().atMost(Duration.ofSeconds(10)).until(() -> LoopbackPort.listening(port));
    }

    /** Stops it for good, as an upstream outage does; {@link #start} brings it back. */
    public void stop() {
        LoopbackPort.stop(process, port);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    /** How many requests of {@code method} for {@code path} the access log holds. */
    public long requests(String method, String path) throws IOException {
        Path log = dir.resolve("access.log");
        if (!Files.exists(log)) {
            return 0;
        }
        String wanted = "\"" + method + " " + path + " ";
        List<String> lines = Files.readAllLines(log);
        return lines.stream().filter(line -> line.contains(wanted)).count();
    }

    @Override
    public void close() {
        stop();
    }
}
