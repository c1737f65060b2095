package io.enseada.registry.storage.filesystem;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.registry.storage.BlobInfo;
import io.enseada.registry.storage.Digest;
import io.enseada.registry.storage.HashingInputStream;
import io.enseada.registry.storage.ResumableSha256;
import io.enseada.registry.storage.StorageException;
import io.enseada.registry.storage.StorageLayout;
import io.enseada.registry.storage.UploadNotFoundException;
import io.enseada.registry.storage.UploadOffsetException;
import io.enseada.registry.storage.UploadOwner;
import io.enseada.registry.storage.UploadProgress;
import io.enseada.registry.storage.UploadState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Upload sessions on disk: {@code uploads/<id>/data} holds the bytes, {@code uploads/<id>/state}
 * the {@link UploadProgress}. The state is replaced atomically after the data is forced, so it never
 * claims bytes that are not on disk; bytes past its size are the remains of a failed append and are
 * cut off before the next one.
 */
final class FilesystemUploads {
    private final Path root;
    private final AtomicFiles files;
    private final Clock clock;
    private final ObjectMapper json;

    FilesystemUploads(Path root, AtomicFiles files, Clock clock, ObjectMapper json) {
        this.root = root;
        this.files = files;
        this.clock = clock;
        this.json = json;
    }

    UploadState create(UploadOwner owner) {
        String id = StorageLayout.newUploadId();
        UploadProgress progress = UploadProgress.start(owner, clock.instant());
        try {
            Files.createDirectories(path(StorageLayout.upload(id)));
            Files.createFile(path(StorageLayout.uploadData(id)));
            writeState(id, progress);
        } catch (IOException e) {
            throw new StorageException("creating upload " + id + " failed", e);
        }
        return progress.toState(id);
    }

    Optional<UploadProgress> find(String id) {
        if (!StorageLayout.isUploadId(id)) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    json.readValue(Files.readAllBytes(path(StorageLayout.uploadState(id))), UploadProgress.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StorageException("reading upload " + id + " failed", e);
        }
    }

    UploadState append(String id, long offset, InputStream content) {
        try (FileChannel data = openData(id)) {
            boolean locked = tryLock(data);
            UploadProgress progress = require(id);
            // A busy session is one whose size is about to change: the client must ask again.
            if (!locked || offset != progress.size()) {
                throw new UploadOffsetException(id, offset, progress.size());
            }
            data.truncate(progress.size());
            data.position(progress.size());
            ResumableSha256 hash = progress.hash();
            HashingInputStream in = new HashingInputStream(content, hash);
            in.transferTo(Channels.newOutputStream(data));
            // The bytes must be on disk before a state that counts them.
            data.force(false);
            UploadProgress next = progress.advance(hash, in.count(), clock.instant());
            writeState(id, next);
            return next.toState(id);
        } catch (NoSuchFileException e) {
            throw new UploadNotFoundException(id);
        } catch (IOException e) {
            throw new StorageException("appending to upload " + id + " failed", e);
        }
    }

    BlobInfo complete(String id, Digest expected) {
        try (FileChannel data = openData(id)) {
            if (!tryLock(data)) {
                throw new StorageException("upload " + id + " is being appended to");
            }
            try {
                UploadProgress progress = require(id);
                Digest digest = progress.hash().verify(expected);
                data.truncate(progress.size());
                data.force(true);
                // Moved while still locked, so no late append can write into the blob.
                files.moveUnlessPresent(path(StorageLayout.uploadData(id)), path(StorageLayout.blob(digest)));
                return new BlobInfo(digest, progress.size());
            } finally {
                files.deleteTree(path(StorageLayout.upload(id)));
            }
        } catch (NoSuchFileException e) {
            throw new UploadNotFoundException(id);
        } catch (IOException e) {
            throw new StorageException("completing upload " + id + " failed", e);
        }
    }

    boolean cancel(String id) {
        if (!StorageLayout.isUploadId(id)) {
            return false;
        }
        Path dir = path(StorageLayout.upload(id));
        try {
            if (!Files.isDirectory(dir)) {
                return false;
            }
            files.deleteTree(dir);
            return true;
        } catch (IOException e) {
            throw new StorageException("cancelling upload " + id + " failed", e);
        }
    }

    int purge(Instant cutoff) {
        int removed = 0;
        try (DirectoryStream<Path> sessions = Files.newDirectoryStream(path(StorageLayout.UPLOADS))) {
            for (Path dir : sessions) {
                String id = dir.getFileName().toString();
                if (StorageLayout.isUploadId(id) && lastWritten(id, dir).isBefore(cutoff)) {
                    files.deleteTree(dir);
                    removed++;
                }
            }
        } catch (NoSuchFileException noUploadsYet) {
            return 0;
        } catch (IOException e) {
            throw new StorageException("purging uploads failed", e);
        }
        return removed;
    }

    /** A session whose creation crashed before its state was written is dated by its folder. */
    private Instant lastWritten(String id, Path dir) throws IOException {
        Optional<UploadProgress> progress;
        try {
            progress = find(id);
        } catch (StorageException unreadable) {
            progress = Optional.empty();
        }
        return progress.isPresent() ? progress.get().updatedAt() : AtomicFiles.lastModified(dir);
    }

    private UploadProgress require(String id) {
        return find(id).orElseThrow(() -> new UploadNotFoundException(id));
    }

    private FileChannel openData(String id) throws IOException {
        return FileChannel.open(path(StorageLayout.uploadData(id)), StandardOpenOption.WRITE);
    }

    /**
     * Locks the session against appends and completes from other processes and threads; the lock
     * goes with the channel. Two appends at the same offset would otherwise interleave their bytes
     * under a hash of only one of them.
     */
    private static boolean tryLock(FileChannel data) throws IOException {
        try {
            FileLock lock = data.tryLock();
            return lock != null;
        } catch (OverlappingFileLockException heldInThisJvm) {
            return false;
        }
    }

    private void writeState(String id, UploadProgress progress) throws IOException {
        files.replace(path(StorageLayout.uploadState(id)), json.writeValueAsBytes(progress));
    }

    private Path path(String key) {
        return root.resolve(key);
    }
}
