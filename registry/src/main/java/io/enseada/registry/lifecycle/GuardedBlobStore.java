package io.enseada.registry.lifecycle;

import io.enseada.registry.storage.BlobInfo;
import io.enseada.registry.storage.BlobPage;
import io.enseada.registry.storage.BlobStore;
import io.enseada.registry.storage.BlobsCollectedException;
import io.enseada.registry.storage.Digest;
import io.enseada.registry.storage.UploadOwner;
import io.enseada.registry.storage.UploadState;
import java.io.InputStream;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The blob store as the formats use it while collections run: every store of a blob and every
 * {@link #linking link} of one goes through the {@link SweepGuard}, so that a blob a collection
 * is deleting is stored anew, and a write that a deletion overtook fails (503, retried by the
 * client) rather than reporting success over bytes that are gone.
 */
public final class GuardedBlobStore implements BlobStore {
    private final BlobStore delegate;
    private final SweepGuard guard;

    GuardedBlobStore(BlobStore delegate, SweepGuard guard) {
        this.delegate = delegate;
        this.guard = guard;
    }

    @Override
    public BlobInfo put(InputStream content, Digest expected) {
        SweepGuard.Ticket ticket = guard.open();
        if (expected != null) {
            guard.before(ticket, List.of(expected));
        }
        BlobInfo stored = delegate.put(content, expected);
        requireKept(guard.after(ticket, List.of(stored.digest())));
        return stored;
    }

    @Override
    public BlobInfo complete(String uploadId, Digest expected) {
        SweepGuard.Ticket ticket = guard.open();
        guard.before(ticket, List.of(expected));
        BlobInfo stored = delegate.complete(uploadId, expected);
        requireKept(guard.after(ticket, List.of(stored.digest())));
        return stored;
    }

    @Override
    public <T> T linking(Collection<Digest> digests, Function<Set<Digest>, T> write) {
        SweepGuard.Ticket ticket = guard.open();
        Set<Digest> gone = guard.before(ticket, digests);
        T written = write.apply(gone);
        requireKept(guard.after(ticket, digests));
        return written;
    }

    private static void requireKept(Set<Digest> lost) {
        if (!lost.isEmpty()) {
            throw new BlobsCollectedException(lost);
        }
    }

    @Override
    public Optional<BlobInfo> stat(Digest digest) {
        return delegate.stat(digest);
    }

    @Override
    public InputStream open(Digest digest, long offset, long length) {
        return delegate.open(digest, offset, length);
    }

    @Override
    public boolean delete(Digest digest) {
        return delegate.delete(digest);
    }

    @Override
    public BlobPage list(Digest startAfter, int limit) {
        return delegate.list(startAfter, limit);
    }

    @Override
    public void deleteAll(Collection<Digest> digests) {
        delegate.deleteAll(digests);
    }

    @Override
    public UploadState createUpload(UploadOwner owner) {
        return delegate.createUpload(owner);
    }

    @Override
    public Optional<UploadState> upload(String uploadId) {
        return delegate.upload(uploadId);
    }

    @Override
    public UploadState append(String uploadId, long offset, InputStream content) {
        return delegate.append(uploadId, offset, content);
    }

    @Override
    public boolean cancel(String uploadId) {
        return delegate.cancel(uploadId);
    }

    @Override
    public int purgeUploads(Instant cutoff) {
        return delegate.purgeUploads(cutoff);
    }

    @Override
    public boolean ping() {
        return delegate.ping();
    }
}
