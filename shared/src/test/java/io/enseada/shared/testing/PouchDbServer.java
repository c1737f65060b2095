package io.enseada.shared.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
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
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A PouchDB Server child process standing in for CouchDB in tests. Install it once with
 * {@code npm ci --ignore-scripts --prefix test-services} at the repository root.
 *
 * <p>Use it as {@code @RegisterExtension static final PouchDbServer COUCHDB = PouchDbServer.inMemory();}
 * (one server per test class; give each test its own database), or by hand with
 * {@link #start()} and {@link #close()}. {@link #stop()} then {@link #start()} simulates an outage:
 * the server comes back on the same port, with its data when it was made {@link #onDisk()}.
 *
 * <p>Each server gets a fresh scratch folder as working directory (PouchDB Server writes
 * {@code log.txt} there) and a fresh {@code config.json} (it would otherwise keep admins from an
 * earlier run). It picks its port itself because PouchDB Server ignores {@code --port 0}.
 */
public final class PouchDbServer implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final int PORT_ATTEMPTS = 3;

    private final boolean inMemory;
    private String adminName;
    private String adminPassword;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .build();
    private final Thread shutdownHook = new Thread(this::killProcessTree, "pouchdb-server-shutdown");
    private Path executable;
    private Path workDir;
    private int port;
    // Volatile, not guarded: the shutdown hook reads it without taking the monitor.
    private volatile Process process;
    private boolean hookRegistered;

    private PouchDbServer(boolean inMemory) {
        this.inMemory = inMemory;
    }

    /** Data lives in the server process: a restart starts empty. */
    public static PouchDbServer inMemory() {
        return new PouchDbServer(true);
    }

    /** Data lives in LevelDB files in the scratch folder: a restart keeps it. */
    public static PouchDbServer onDisk() {
        return new PouchDbServer(false);
    }

    /**
     * Makes {@code username} a server admin once the server first starts, which ends the "admin
     * party": from then on writes need credentials. Mind PouchDB Server's trap: an unauthenticated
     * {@code PUT /db} then crashes it.
     */
    public PouchDbServer withAdmin(String username, String password) {
        this.adminName = username;
        this.adminPassword = password;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Starts the server (on the port of the previous run, if any) and waits until it answers. */
    public synchronized void start() {
        if (process != null) {
            return;
        }
        if (workDir != null) {
            launch();
            return;
        }
        executable = TestServices.installed(".bin/pouchdb-server");
        workDir = createWorkDir();
        for (int attempt = 1; ; attempt++) {
            port = freePort();
            try {
                launch();
                break;
            } catch (IllegalStateException e) {
                // Another process may have taken the port between our probe and the server's bind.
                if (attempt == PORT_ATTEMPTS || !output().contains("EADDRINUSE")) {
                    throw e;
                }
            }
        }
        // Only after the first start: config.json keeps admins across restarts.
        if (adminName != null) {
            createAdmin();
        }
    }

    /** Kills the server, keeping its port and folder for a later {@link #start()}. */
    public synchronized void stop() {
        killProcessTree();
        process = null;
    }

    /** Stops the server for good and deletes its folder. */
    @Override
    public synchronized void close() {
        stop();
        if (hookRegistered) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: nothing left to undo
            }
            hookRegistered = false;
        }
        if (workDir != null) {
            deleteRecursively(workDir);
            workDir = null;
        }
    }

    /** The server's base URL, for example {@code http://127.0.0.1:40123/}. */
    public synchronized URI url() {
        if (workDir == null) {
            throw new IllegalStateException("pouchdb-server was never started");
        }
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    private void createAdmin() {
        HttpRequest request = HttpRequest.newBuilder(url().resolve("_config/admins/" + adminName))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("\"" + adminPassword + "\""))
                .build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "cannot create admin " + adminName + ": " + response.statusCode() + " " + response.body());
        }
    }

    private void launch() {
        List<String> command = new ArrayList<>(List.of(executable.toString()));
        if (inMemory) {
            command.add("--in-memory");
        } else {
            command.addAll(List.of("--dir", workDir.resolve("data").toString()));
        }
        command.addAll(List.of(
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "-n",
                "-c",
                workDir.resolve("config.json").toString()));
        try {
            process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            workDir.resolve("server.out").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + executable, e);
        }
        if (!hookRegistered) {
            // Fallback for a JVM that ends without afterAll (a crashed or interrupted test run).
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            hookRegistered = true;
        }
        awaitReady();
    }

    private void awaitReady() {
        HttpRequest probe = HttpRequest.newBuilder(url())
                .timeout(Duration.ofSeconds(1))
                .GET()
                .build();
        try {
            await().atMost(READY_TIMEOUT)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(50))
                    .pollInSameThread()
                    .ignoreExceptionsInstanceOf(IOException.class) // not listening yet
                    .until(() -> {
                        if (!process.isAlive()) {
                            process = null;
                            throw new IllegalStateException("pouchdb-server exited during start-up:\n" + output());
                        }
                        return http.send(probe, HttpResponse.BodyHandlers.discarding())
                                        .statusCode()
                                == 200;
                    });
        } catch (ConditionTimeoutException notReady) {
            stop();
            throw new IllegalStateException(
                    "pouchdb-server did not answer GET / within " + READY_TIMEOUT + ":\n" + output());
        }
    }

    private void killProcessTree() {
        Process running = process;
        if (running == null) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(running.descendants().toList());
        tree.add(running.toHandle());
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception stubborn) {
                handle.destroyForcibly();
            }
        }
    }

    private static Path createWorkDir() {
        try {
            Path dir = Files.createTempDirectory("pouchdb-server-");
            Files.writeString(dir.resolve("config.json"), "{}");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for pouchdb-server", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("pouchdb-server did not answer " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private String output() {
        try {
            return Files.readString(workDir.resolve("server.out"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover scratch folder in /tmp is not worth failing a test run for
        }
    }
}
