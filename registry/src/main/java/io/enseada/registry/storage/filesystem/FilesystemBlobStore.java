package io.enseada.registry.storage.filesystem;

import io.enseada.registry.storage.BlobInfo;
import io.enseada.registry.storage.BlobNotFoundException;
import io.enseada.registry.storage.BlobPage;
import io.enseada.registry.storage.BlobStore;
import io.enseada.registry.storage.Digest;
import io.enseada.registry.storage.HashingInputStream;
import io.enseada.registry.storage.RunningSha256;
import io.enseada.registry.storage.StorageException;
import io.enseada.registry.storage.StorageLayout;
import io.enseada.registry.storage.StoredBlob;
import io.enseada.registry.storage.UploadOwner;
import io.enseada.registry.storage.UploadState;
import io.enseada.shared.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Blobs as files under one root, laid out by {@link StorageLayout}. Several replicas may share the
 * root (a shared volume): all they coordinate through is atomic renames and file locks.
 */
public final class FilesystemBlobStore implements BlobStore {
    private static final Pattern FAN_OUT = Pattern.compile("[0-9a-f]{2}");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
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
    public BlobPage list(Digest startAfter, int limit) {
        Path blobs = root.resolve(StorageLayout.BLOBS);
        String after = startAfter == null ? "" : startAfter.hex();
        List<StoredBlob> page = new ArrayList<>();
        // each fan-out folder holds the digests that begin with its name, so folder order is digest order
        for (String folder : sortedNames(blobs, FAN_OUT)) {
            if (folder.compareTo(after.isEmpty() ? "" : after.substring(0, 2)) < 0) {
                continue;
            }
            for (String name : sortedNames(blobs.resolve(folder), HEX)) {
                if (name.compareTo(after) <= 0) {
                    continue;
                }
                if (page.size() == limit) {
                    return new BlobPage(page, page.get(page.size() - 1).digest());
                }
                stored(blobs.resolve(folder).resolve(name), new Digest(name)).ifPresent(page::add);
            }
        }
        return new BlobPage(page, null);
    }

    private static Optional<StoredBlob> stored(Path file, Digest digest) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return Optional.of(new StoredBlob(
                    digest, attributes.size(), attributes.lastModifiedTime().toInstant()));
        } catch (NoSuchFileException deletedMeanwhile) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StorageException("stat of " + digest + " failed", e);
        }
    }

    /** The names in {@code folder} that match {@code pattern}, sorted; none when it does not exist. */
    private static Set<String> sortedNames(Path folder, Pattern pattern) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(entry -> entry.getFileName().toString())
                    .filter(name -> pattern.matcher(name).matches())
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        } catch (NoSuchFileException nothingStoredYet) {
            return Set.of();
        } catch (IOException e) {
            throw new StorageException("listing " + folder.getFileName() + " failed", e);
        }
    }

    @Override
    public void deleteAll(Collection<Digest> digests) {
        Set<Path> folders = new TreeSet<>();
        for (Digest digest : digests) {
            delete(digest);
            folders.add(blobPath(digest).getParent());
        }
        for (Path folder : folders) {
            try {
                Files.deleteIfExists(folder);
            } catch (DirectoryNotEmptyException stillInUse) {
                // other blobs share the folder
            } catch (IOException e) {
                throw new StorageException("removing an empty blob folder failed", e);
            }
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
