package io.enseada.registry.storage.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enseada.registry.storage.BlobStore;
import io.enseada.registry.storage.BlobStoreContract;
import io.enseada.registry.storage.Digest;
import io.enseada.registry.storage.Sha256;
import io.enseada.registry.storage.StorageLayout;
import io.enseada.registry.storage.UploadOffsetException;
import io.enseada.registry.storage.UploadState;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemBlobStoreTest extends BlobStoreContract {
    @TempDir
    Path root;

    @Override
    protected BlobStore newStore(Clock clock) {
        return new FilesystemBlobStore(root, clock);
    }

    @Override
    protected List<String> storedKeys() {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile)
                    .map(path -> root.relativize(path)
                            .toString()
                            .replace(root.getFileSystem().getSeparator(), "/"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void deleteAllRemovesTheFanOutFoldersItEmptiesAndAPutRecreatesOne() throws IOException {
        BlobStore store = newStore();
        byte[] content = "a blob alone in its folder".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Digest digest = store.put(new ByteArrayInputStream(content), null).digest();
        Path folder = root.resolve(StorageLayout.blob(digest)).getParent();

        store.deleteAll(List.of(digest));

        assertThat(folder).doesNotExist();
        assertThat(store.put(new ByteArrayInputStream(content), digest).digest())
                .isEqualTo(digest);
        assertThat(store.stat(digest)).isPresent();
    }

    @Test
    void purgeSweepsTempFilesLeftByCrashedWrites() throws IOException {
        Path temps = Files.createDirectories(root.resolve(StorageLayout.TEMP));
        Path crashed = Files.write(temps.resolve("crashed.tmp"), new byte[10]);
        Files.setLastModifiedTime(crashed, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        Path inFlight = Files.write(temps.resolve("in-flight.tmp"), new byte[10]);

        newStore().purgeUploads(Instant.now().minus(Duration.ofDays(1)));

        assertThat(crashed).doesNotExist();
        assertThat(inFlight).exists();
    }

    @Test
    void appendWhileAnotherAppendRunsIsRefused() throws Exception {
        BlobStore store = newStore();
        String id = store.createUpload(OWNER).id();
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        InputStream slow = new InputStream() {
            private boolean sent;

            @Override
            public int read() throws IOException {
                if (sent) {
                    return -1;
                }
                reading.countDown();
                await(release);
                sent = true;
                return 7;
            }
        };
        CompletableFuture<UploadState> first = CompletableFuture.supplyAsync(() -> store.append(id, 0, slow));
        assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> store.append(id, 0, new ByteArrayInputStream(new byte[] {9})))
                .isInstanceOf(UploadOffsetException.class);

        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).size()).isEqualTo(1);
        assertThat(store.complete(id, Sha256.of(new byte[] {7})).size()).isEqualTo(1);
    }

    @Test
    void pingFailsWhenTheRootCannotBeWritten() throws IOException {
        Path notADirectory = Files.write(root.resolve("file"), new byte[1]);

        assertThat(new FilesystemBlobStore(notADirectory, Clock.systemUTC()).ping())
                .isFalse();
    }

    private static void await(CountDownLatch latch) throws IOException {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IOException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
