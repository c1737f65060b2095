package io.enseada.registry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of a real client (skopeo, podman, npm, pnpm, yarn, a shell script) as a child process:
 * its working directory, its environment, a deadline, and everything it printed. The output goes
 * to a file, so a client's debug log of any length cannot block it.
 */
public final class Cli {
    private final List<String> command;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<String> clearedPrefixes = new ArrayList<>();
    private Path directory = Path.of("").toAbsolutePath();
    private Duration timeout = Duration.ofMinutes(5);

    private Cli(List<String> command) {
        this.command = List.copyOf(command);
    }

    public static Cli of(String... command) {
        return new Cli(List.of(command));
    }

    /**
     * The real npm CLI run in {@code dir} with {@code npmrc} as its user config, {@code home} as
     * its home and cache, and none of the caller's {@code npm_config_} settings.
     */
    public static Result npm(Path home, Path npmrc, Path dir, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(
                "npm",
                "--userconfig",
                npmrc.toString(),
                "--cache",
                home.resolve("npm-cache").toString(),
                "--no-update-notifier",
                "--no-audit",
                "--no-fund",
                "--color=false"));
        command.addAll(List.of(args));
        return of(command)
                .in(dir)
                .clearEnv("npm_config_")
                .env("HOME", home.toString())
                .timeout(java.time.Duration.ofMinutes(2))
                .run();
    }

    public static Cli of(List<String> command) {
        return new Cli(command);
    }

    public Cli in(Path directory) {
        this.directory = directory;
        return this;
    }

    public Cli env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    public Cli env(Map<String, String> variables) {
        environment.putAll(variables);
        return this;
    }

    /** Drops inherited variables whose names start with {@code prefix} (any case), so the machine's settings do not leak in. */
    public Cli clearEnv(String prefix) {
        clearedPrefixes.add(prefix.toLowerCase());
        return this;
    }

    public Cli timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /** What the client did; a client still running at the deadline is killed with its children. */
    public Result run() {
        try {
            Path log = Files.createTempFile("cli-", ".log");
            try {
                ProcessBuilder builder = new ProcessBuilder(command)
                        .directory(directory.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
                builder.environment()
                        .keySet()
                        .removeIf(name -> clearedPrefixes.stream().anyMatch(name.toLowerCase()::startsWith));
                builder.environment().putAll(environment);
                Process process = builder.start();
                boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (!finished) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor();
                    throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + ":\n"
                            + Files.readString(log));
                }
                return new Result(command, process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs and fails the test with the client's output unless it exits with 0. */
    public Result succeed() {
        return run().assertSucceeded();
    }

    public record Result(List<String> command, int exit, String output) {
        public Result assertSucceeded() {
            if (exit != 0) {
                throw new AssertionError(String.join(" ", command) + " exited with " + exit + ":\n" + output);
            }
            return this;
        }
    }
}
