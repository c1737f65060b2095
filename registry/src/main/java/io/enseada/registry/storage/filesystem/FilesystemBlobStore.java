package io.enseada.registry.storage.filesystem;

import io.enseada.registry.storage.BlobInfo;
import io.enseada.registry.storage.BlobNotFoundException;
import io.enseada.registry.storage.BlobStore;
import io.enseada.registry.storage.Digest;
import io.enseada.registry.storage.HashingInputStream;
import io.enseada.registry.storage.RunningSha256;
import io.enseada.registry.storage.StorageException;
import io.enseada.registry.storage.StorageLayout;
import io.enseada.registry.storage.UploadOwner;
import io.enseada.registry.storage.UploadState;
import io.enseada.shared.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Blobs as files under one root, laid out by {@link StorageLayout}. Several replicas may share the
 * root (a shared volume): all they coordinate through is atomic renames and file locks.
 */
public final class FilesystemBlobStore implements BlobStore {
    private final Path root;
    private final AtomicFiles files;
    private final FilesystemUploads uploads;

    public FilesystemBlobStore(Path root, Clock clock) {
        this.root = root;
        this.files = new AtomicFiles(root.resolve(StorageLayout.TEMP));
        this.uploads = new FilesystemUploads(root, files, clock, Json.newMapper());
    }

    @Override
    public Optional<BlobInfo> stat(Digest digest) {
        try {
            return Optional.of(new BlobInfo(digest, Files.size(blobPath(digest))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StorageException("stat of " + digest + " failed", e);
        }
    }

    @Override
    public InputStream open(Digest digest, long offset, long length) {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(blobPath(digest), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(digest);
        } catch (IOException e) {
            throw new StorageException("opening " + digest + " failed", e);
        }
        try {
            long remaining = Math.max(0, channel.size() - offset);
            channel.position(Math.min(offset, channel.size()));
            return new BoundedInputStream(
                    Channels.newInputStream(channel), length < 0 ? remaining : Math.min(length, remaining));
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StorageException("opening " + digest + " failed", e);
        }
    }

    @Override
    public BlobInfo put(InputStream content, Digest expected) {
        RunningSha256 hash = RunningSha256.oneShot();
        HashingInputStream in = new HashingInputStream(content, hash);
        try {
            if (expected != null && exists(expected)) {
                // Stored already: the bytes still have to prove they are that blob.
                in.transferTo(OutputStream.nullOutputStream());
                return new BlobInfo(hash.verify(expected), in.count());
            }
            Path temp = files.newTemp();
            try {
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    in.transferTo(Channels.newOutputStream(channel));
                    channel.force(true);
                }
                Digest digest = hash.verify(expected);
                files.moveUnlessPresent(temp, blobPath(digest));
                return new BlobInfo(digest, in.count());
            } finally {
                AtomicFiles.deleteQuietly(temp);
            }
        } catch (IOException e) {
            throw new StorageException("storing blob failed", e);
        }
    }

    @Override
    public boolean delete(Digest digest) {
        try {
            return Files.deleteIfExists(blobPath(digest));
        } catch (IOException e) {
            throw new StorageException("deleting " + digest + " failed", e);
        }
    }

    @Override
    public UploadState createUpload(UploadOwner owner) {
        return uploads.create(owner);
    }

    @Override
    public Optional<UploadState> upload(String uploadId) {
        return uploads.find(uploadId).map(progress -> progress.toState(uploadId));
    }

    @Override
    public UploadState append(String uploadId, long offset, InputStream content) {
        return uploads.append(uploadId, offset, content);
    }

    @Override
    public BlobInfo complete(String uploadId, Digest expected) {
        return uploads.complete(uploadId, expected);
    }

    @Override
    public boolean cancel(String uploadId) {
        return uploads.cancel(uploadId);
    }

    /**
     * Also sweeps temp files older than {@code cutoff}, the leftovers of crashed writes; a put still
     * running since before the cutoff loses its temp file and fails, so keep the cutoff generous.
     */
    @Override
    public int purgeUploads(Instant cutoff) {
        int removed = uploads.purge(cutoff);
        try {
            files.sweep(cutoff);
        } catch (IOException e) {
            throw new StorageException("sweeping temp files failed", e);
        }
        return removed;
    }

    /** Writes and removes a probe file, since a read-only or full volume still lists fine. */
    @Override
    public boolean ping() {
        try {
            Files.delete(files.newTemp());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Path blobPath(Digest digest) {
        return root.resolve(StorageLayout.blob(digest));
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // The open failure is the one to report.
        }
    }
}
