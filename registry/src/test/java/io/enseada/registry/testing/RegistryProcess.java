package io.enseada.registry.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/** The runnable jar started as a process of its own, the way users and the container image run it. */
public final class RegistryProcess implements AutoCloseable {
    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final int port;

    private RegistryProcess(Process process, int port) {
        this.process = process;
        this.port = port;
        pump(process.getInputStream());
        pump(process.getErrorStream());
    }

    public static Path jar() {
        Path jar = Path.of("target", "enseada-registry.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; integration tests run after `mvn package`");
        }
        return jar;
    }

    /**
     * Starts the jar in {@code workDir} with the given ENSEADA_* variables (and a free port unless
     * one is given), and the jar's command-line arguments, if any.
     */
    public static RegistryProcess start(Path workDir, Map<String, String> env, String... args) {
        Map<String, String> environment = new HashMap<>(env);
        int port = environment.containsKey("ENSEADA_PORT")
                ? Integer.parseInt(environment.get("ENSEADA_PORT"))
                : freePort();
        environment.put("ENSEADA_PORT", Integer.toString(port));
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-jar", jar().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("ENSEADA_"));
        builder.environment().putAll(environment);
        try {
            return new RegistryProcess(builder.start(), port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL, as a node failure or the OOM killer ends a process: no shutdown hook runs. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Polls /health/ready until it answers 200; fails with the process output otherwise. */
    public RegistryProcess awaitReady(Duration timeout) throws InterruptedException {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest probe =
                HttpRequest.newBuilder(url().resolve("/health/ready")).build();
        try {
            await().atMost(timeout)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(100))
                    .pollInSameThread()
                    .ignoreExceptionsInstanceOf(IOException.class) // not listening yet
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new AssertionError("registry exited with " + process.exitValue() + ":\n" + output);
                        }
                        return client.send(probe, HttpResponse.BodyHandlers.ofString())
                                        .statusCode()
                                == 200;
                    });
        } catch (ConditionTimeoutException notReady) {
            throw new AssertionError("registry not ready after " + timeout + ":\n" + output);
        }
        return this;
    }

    /** Waits for the process to exit by itself and returns its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("registry still running after " + timeout + ":\n" + output);
        }
        Thread.sleep(100); // let the pumps drain
        return process.exitValue();
    }

    public String output() {
        return output.toString();
    }

    /** SIGTERM, as Kubernetes stops a pod; returns the exit code. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }

    private void pump(InputStream stream) {
        Thread thread = new Thread(
                () -> {
                    try (stream) {
                        byte[] buffer = new byte[8192];
                        int n;
                        while ((n = stream.read(buffer)) > 0) {
                            output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                        }
                    } catch (IOException ignored) {
                        // the process ended
                    }
                },
                "registry-output");
        thread.setDaemon(true);
        thread.start();
    }
}
