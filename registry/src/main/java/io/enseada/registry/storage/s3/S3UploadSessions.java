package io.enseada.registry.storage.s3;

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
import io.enseada.registry.storage.UploadState;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Upload sessions kept entirely in S3 (see {@link S3UploadSession}), so that any replica can take
 * the next chunk. A chunk is cut into parts as it streams; a tail below the minimum part size waits
 * in a pending object for the next chunk. Nothing a session's state names is ever overwritten: new
 * parts take new numbers and each tail a new key, so a failed append leaves the state true.
 */
final class S3UploadSessions {
    private final S3Objects objects;
    private final S3BlobWriter writer;
    private final S3PartSizes sizes;
    private final Clock clock;
    private final ObjectMapper json;

    S3UploadSessions(S3Objects objects, S3BlobWriter writer, S3PartSizes sizes, Clock clock, ObjectMapper json) {
        this.objects = objects;
        this.writer = writer;
        this.sizes = sizes;
        this.clock = clock;
        this.json = json;
    }

    UploadState create(UploadOwner owner) {
        String id = StorageLayout.newUploadId();
        S3UploadSession session = S3UploadSession.start(owner, clock.instant());
        writeState(id, session);
        return session.progress().toState(id);
    }

    Optional<S3UploadSession> find(String id) {
        if (!StorageLayout.isUploadId(id)) {
            return Optional.empty();
        }
        return objects.readSmall(StorageLayout.uploadState(id)).map(bytes -> {
            try {
                return json.readValue(bytes, S3UploadSession.class);
            } catch (IOException e) {
                throw new StorageException("upload " + id + " has an unreadable state", e);
            }
        });
    }

    UploadState append(String id, long offset, InputStream content) {
        S3UploadSession session = require(id);
        if (offset != session.progress().size()) {
            throw new UploadOffsetException(id, offset, session.progress().size());
        }
        ResumableSha256 hash = session.progress().hash();
        HashingInputStream in = new HashingInputStream(content, hash);
        MultipartWrite write = session.multipart(objects, StorageLayout.uploadData(id));
        PartBuffer part = new PartBuffer(sizes.partSize());
        S3UploadSession next = null;
        try {
            loadPending(session, part);
            write.uploadWhileFull(part, in);
            if (part.length() >= sizes.minPartSize()) {
                write.upload(part);
                part.clear();
            }
            S3UploadSession advanced =
                    session.advance(write, hash, in.count(), writePending(id, part), part.length(), clock.instant());
            writeState(id, advanced);
            next = advanced;
        } catch (IOException e) {
            throw new StorageException("appending to upload " + id + " failed", e);
        } finally {
            if (next == null && session.multipartUploadId() == null) {
                // Begun by this failed append and named by no state: nobody else would abort it.
                write.abort();
            }
        }
        if (session.pendingKey() != null) {
            // Superseded: its bytes are now in a part or in the new tail.
            objects.delete(session.pendingKey());
        }
        return next.progress().toState(id);
    }

    BlobInfo complete(String id, Digest expected) {
        S3UploadSession session = require(id);
        try {
            Digest digest = session.progress().hash().verify(expected);
            assemble(id, session, digest);
            return new BlobInfo(digest, session.progress().size());
        } catch (IOException e) {
            throw new StorageException("completing upload " + id + " failed", e);
        } finally {
            remove(id, session);
        }
    }

    boolean cancel(String id) {
        Optional<S3UploadSession> session = find(id);
        session.ifPresent(found -> remove(id, found));
        return session.isPresent();
    }

    /**
     * Removes sessions last written before {@code cutoff}, then what crashed writes of that age
     * left: temp objects, and multipart uploads no live session names.
     */
    int purge(Instant cutoff) {
        int removed = 0;
        Set<String> liveUploads = new HashSet<>();
        for (String id : objects.folders(StorageLayout.UPLOADS)) {
            if (!StorageLayout.isUploadId(id)) {
                continue;
            }
            Optional<S3UploadSession> session = find(id);
            if (session.isEmpty() || session.get().progress().updatedAt().isBefore(cutoff)) {
                // A folder without state is a removal that stopped halfway.
                remove(id, session.orElse(null));
                removed++;
            } else if (session.get().multipartUploadId() != null) {
                liveUploads.add(session.get().multipartUploadId());
            }
        }
        for (S3Objects.Unfinished upload : objects.unfinishedMultiparts("")) {
            if (upload.initiated().isBefore(cutoff) && !liveUploads.contains(upload.uploadId())) {
                objects.abortMultipart(upload.key(), upload.uploadId());
            }
        }
        for (S3Objects.Listed temp : objects.list(StorageLayout.TEMP)) {
            if (temp.lastModified().isBefore(cutoff)) {
                objects.delete(temp.key());
            }
        }
        return removed;
    }

    /**
     * The bytes are verified already; this puts them under the blob key. With no parts the session
     * is its pending tail (or nothing); otherwise the tail becomes the last part, which may be short.
     */
    private void assemble(String id, S3UploadSession session, Digest digest) throws IOException {
        if (objects.size(StorageLayout.blob(digest)).isPresent()) {
            return;
        }
        if (session.parts().isEmpty()) {
            if (session.pendingKey() == null) {
                writer.store(digest, new PartBuffer(0));
            } else {
                writer.promote(session.pendingKey(), digest, session.pendingSize());
            }
            return;
        }
        MultipartWrite write = session.multipart(objects, StorageLayout.uploadData(id));
        if (session.pendingKey() != null) {
            PartBuffer last = new PartBuffer(Math.toIntExact(session.pendingSize()));
            loadPending(session, last);
            write.upload(last);
        }
        write.complete();
        writer.promote(StorageLayout.uploadData(id), digest, session.progress().size());
    }

    private void loadPending(S3UploadSession session, PartBuffer part) throws IOException {
        if (session.pendingKey() == null) {
            return;
        }
        try (InputStream pending = objects.read(session.pendingKey(), null)
                .orElseThrow(() -> new StorageException("pending object " + session.pendingKey() + " is missing"))) {
            part.fill(pending);
        }
    }

    /** A fresh key per tail, so the tail the current state names survives a failed append. */
    private String writePending(String id, PartBuffer part) {
        if (part.isEmpty()) {
            return null;
        }
        String key = StorageLayout.uploadPending(id, UUID.randomUUID().toString());
        objects.write(key, part.body());
        return key;
    }

    /** Deletes the state last, so a removal that stops halfway is still found and finished by purge. */
    private void remove(String id, S3UploadSession session) {
        if (session != null && session.multipartUploadId() != null) {
            objects.abortMultipart(StorageLayout.uploadData(id), session.multipartUploadId());
        }
        String state = StorageLayout.uploadState(id);
        for (S3Objects.Listed object : objects.list(StorageLayout.upload(id))) {
            if (!object.key().equals(state)) {
                objects.delete(object.key());
            }
        }
        objects.delete(state);
    }

    private S3UploadSession require(String id) {
        return find(id).orElseThrow(() -> new UploadNotFoundException(id));
    }

    private void writeState(String id, S3UploadSession session) {
        try {
            objects.write(StorageLayout.uploadState(id), RequestBody.fromBytes(json.writeValueAsBytes(session)));
        } catch (IOException e) {
            throw new StorageException("writing the state of upload " + id + " failed", e);
        }
    }
}
