package io.enseada.registry.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a client CLI (skopeo, podman …) to its end and keeps what it printed, stdout and stderr together. */
public final class ClientProcess {
    private ClientProcess() {}

    public record Run(List<String> command, int exit, String output) {
        @Override
        public String toString() {
            return String.join(" ", command) + " -> exit " + exit + "\n" + output;
        }
    }

    /** @throws AssertionError when it runs longer than {@code timeout}; it is killed then */
    public static Run run(Duration timeout, List<String> command) {
        Path output = null;
        try {
            output = Files.createTempFile("client-output", ".txt");
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out after " + timeout + ": " + String.join(" ", command) + "\n"
                        + Files.readString(output));
            }
            return new Run(command, process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            if (output != null) {
                output.toFile().delete();
            }
        }
    }
}
