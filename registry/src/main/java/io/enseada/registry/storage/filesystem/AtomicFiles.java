package io.enseada.registry.storage.filesystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Writes that readers only ever see whole: bytes go to a temp file in a folder on the same
 * filesystem, are forced to disk, then renamed into place in one atomic step.
 */
final class AtomicFiles {
    private final Path tempDir;

    AtomicFiles(Path tempDir) {
        this.tempDir = tempDir;
    }

    Path newTemp() throws IOException {
        Files.createDirectories(tempDir);
        return Files.createFile(tempDir.resolve(UUID.randomUUID() + ".tmp"));
    }

    /**
     * Replaces {@code target} with {@code bytes}. The target's folder must exist: a write into a
     * folder someone removed fails with NoSuchFileException instead of bringing it back.
     */
    void replace(Path target, byte[] bytes) throws IOException {
        Path temp = newTemp();
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(target.getParent());
        } finally {
            deleteQuietly(temp);
        }
    }

    /**
     * Moves a verified file to its content-addressed place. When the target already exists it
     * holds the same bytes, so the source is dropped instead.
     */
    void moveUnlessPresent(Path source, Path target) throws IOException {
        if (Files.exists(target)) {
            Files.delete(source);
            return;
        }
        Files.createDirectories(target.getParent());
        try {
            // A concurrent writer of the same content may win the race; replacing equal bytes is harmless.
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException folderRemoved) {
            // the garbage collector removed the folder it had just emptied
            Files.createDirectories(target.getParent());
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        }
        syncDirectory(target.getParent());
    }

    /** Removes temp files last written before {@code cutoff}: what crashed writes left behind. */
    void sweep(Instant cutoff) throws IOException {
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(tempDir)) {
            for (Path temp : temps) {
                if (lastModified(temp).isBefore(cutoff)) {
                    deleteQuietly(temp);
                }
            }
        } catch (NoSuchFileException noTempDirYet) {
            // Nothing was ever written.
        }
    }

    void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(AtomicFiles::deleteQuietly);
        } catch (NoSuchFileException alreadyGone) {
            // Someone else removed it first.
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    static Instant lastModified(Path path) throws IOException {
        return Files.getLastModifiedTime(path).toInstant();
    }

    static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // Best effort: a leftover temp file is swept later, and must not hide the real failure.
        }
    }

    /** A rename is durable only once the folder holding the new name is forced too. */
    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
