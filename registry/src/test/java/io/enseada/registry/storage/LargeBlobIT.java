package io.enseada.registry.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.enseada.shared.testing.S3ProxyServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 512 MiB blob goes in and out of each backend from a JVM capped at {@code -Xmx128m}: four times
 * the heap, so any implementation that buffers a blob, or even a quarter of one, fails. The work
 * runs in a child JVM ({@link LargeBlobRoundTrip}); the S3-compatible server runs here.
 */
class LargeBlobIT {
    private static final long SIZE = 512L * 1024 * 1024;
    private static final long SEED = 20261126;
    private static final long HEAP_CAP = 128L * 1024 * 1024;
    private static final Pattern MAX_HEAP = Pattern.compile("max-heap (\\d+)");

    @TempDir
    Path dir;

    @Test
    void filesystem() throws Exception {
        roundTripInSmallHeap("filesystem", dir.resolve("root").toString());
    }

    @Test
    void s3() throws Exception {
        Path objects = Files.createDirectories(dir.resolve("s3"));
        try (S3ProxyServer server = S3ProxyServer.start(new FilesystemNio2BlobStore(objects.toString()))) {
            roundTripInSmallHeap(
                    "s3",
                    server.endpoint().toString(),
                    S3ProxyServer.BUCKET,
                    S3ProxyServer.IDENTITY,
                    S3ProxyServer.CREDENTIAL);
        }
    }

    private void roundTripInSmallHeap(String... backend) throws IOException, InterruptedException {
        Digest expected = Sha256.measure(new GeneratedInputStream(SEED, SIZE)).digest();
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElseThrow(),
                "-Xmx128m",
                "-cp",
                System.getProperty("java.class.path"),
                LargeBlobRoundTrip.class.getName(),
                Long.toString(SIZE),
                Long.toString(SEED)));
        command.addAll(List.of(backend));
        Path log = dir.resolve(backend[0] + ".log");
        Process child = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();

        boolean exited = child.waitFor(3, TimeUnit.MINUTES);
        if (!exited) {
            child.destroyForcibly().waitFor();
        }
        String output = Files.readString(log);

        assertThat(exited).as("child finished in time; output:%n%s", output).isTrue();
        assertThat(child.exitValue()).as("child exit; output:%n%s", output).isZero();
        assertThat(output).contains("OK " + expected);
        Matcher maxHeap = MAX_HEAP.matcher(output);
        assertThat(maxHeap.find()).as(output).isTrue();
        assertThat(Long.parseLong(maxHeap.group(1))).as("the child's heap cap").isLessThanOrEqualTo(HEAP_CAP);
    }
}
