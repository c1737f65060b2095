package io.enseada.registry.oci;

import io.enseada.registry.storage.BlobInfo;
import io.enseada.registry.storage.BlobStore;
import io.enseada.registry.storage.Digest;
import io.enseada.registry.storage.DigestMismatchException;
import io.enseada.registry.storage.UploadNotFoundException;
import io.enseada.registry.storage.UploadOffsetException;
import io.enseada.registry.storage.UploadOwner;
import io.enseada.registry.storage.UploadState;
import io.enseada.shared.model.RepositorySpec;
import java.io.InputStream;
import java.util.Map;

/**
 * Blob uploads: monolithic, or in sessions whose state lives in the {@link BlobStore} (so any
 * replica may continue one). A completed upload is stored only when its bytes hash to the digest
 * the client names, then linked into the session's name.
 */
final class UploadService {
    private final BlobStore blobs;
    private final BlobService links;

    UploadService(BlobStore blobs, BlobService links) {
        this.blobs = blobs;
        this.links = links;
    }

    /** @param principal the caller's subject: only it may continue the session, and only in {@code name} */
    UploadState start(RepositorySpec repository, OciName name, String principal) {
        return blobs.createUpload(owner(name, principal));
    }

    /** A whole blob in the POST: stored only when its bytes hash to {@code digest}. */
    BlobInfo uploadMonolithic(RepositorySpec repository, OciName name, String digest, InputStream body) {
        Digest expected = OciDigests.parse(digest);
        try {
            BlobInfo info = blobs.put(body, expected);
            links.link(name, info);
            return info;
        } catch (DigestMismatchException e) {
            throw digestInvalid(e);
        }
    }

    UploadState status(OciRequests.Session session) {
        return blobs.upload(session.id())
                .filter(state -> state.ownedBy(session.owner()))
                .orElseThrow(() -> uploadUnknown(session.id()));
    }

    UploadState append(OciRequests.Chunk chunk) {
        UploadState state = status(chunk.session());
        long offset = state.size();
        if (chunk.start() != null) {
            if (chunk.start() != state.size()) {
                throw outOfOrder(
                        state, "chunk starts at " + chunk.start() + " but the upload holds " + state.size() + " bytes");
            }
            if (chunk.end() != null
                    && chunk.contentLength() != null
                    && chunk.end() - chunk.start() + 1 != chunk.contentLength()) {
                throw OciError.SIZE_INVALID.exception("Content-Range " + chunk.start() + "-" + chunk.end()
                        + " does not match Content-Length " + chunk.contentLength());
            }
        }
        String id = chunk.session().id();
        try {
            return blobs.append(id, offset, chunk.body());
        } catch (UploadOffsetException e) {
            throw outOfOrder(status(chunk.session()), e.getMessage());
        } catch (UploadNotFoundException e) {
            throw uploadUnknown(id);
        }
    }

    BlobInfo complete(OciRequests.CompleteUpload request) {
        Digest expected = OciDigests.parse(request.digest());
        OciRequests.Session session = request.session();
        UploadState state = status(session);
        if (request.chunk() != null && arrivesWhole(request, state)) {
            return completeInOnePiece(request, expected);
        }
        if (request.chunk() != null) {
            append(request.chunk());
        }
        try {
            BlobInfo info = blobs.complete(session.id(), expected);
            links.link(session.name(), info);
            return info;
        } catch (UploadNotFoundException e) {
            throw uploadUnknown(session.id());
        } catch (DigestMismatchException e) {
            throw digestInvalid(e);
        }
    }

    /** The closing PUT carries the whole blob: the session received nothing before it. */
    private static boolean arrivesWhole(OciRequests.CompleteUpload request, UploadState state) {
        Long start = request.chunk().start();
        return (start == null || start == 0) && state.size() == 0;
    }

    /**
     * With nothing to carry between chunks, the blob is stored in one call: the JDK's intrinsic
     * SHA-256 instead of the resumable one, and no copy from the session into place.
     */
    private BlobInfo completeInOnePiece(OciRequests.CompleteUpload request, Digest expected) {
        try {
            BlobInfo info = blobs.put(request.chunk().body(), expected);
            links.link(request.session().name(), info);
            return info;
        } catch (DigestMismatchException e) {
            throw digestInvalid(e);
        } finally {
            blobs.cancel(request.session().id());
        }
    }

    void cancel(OciRequests.Session session) {
        status(session);
        if (!blobs.cancel(session.id())) {
            throw uploadUnknown(session.id());
        }
    }

    static UploadOwner owner(OciName name, String principal) {
        return new UploadOwner("oci:" + name, principal);
    }

    /** What a session holds, as the {@code Range} header says it: {@code 0-<last byte>}, and {@code 0-0} while empty. */
    static String uploadRange(UploadState state) {
        return "0-" + Math.max(0, state.size() - 1);
    }

    private static OciException uploadUnknown(String uploadId) {
        return OciError.BLOB_UPLOAD_UNKNOWN.exception("upload " + uploadId + " is unknown");
    }

    private static OciException digestInvalid(DigestMismatchException e) {
        return OciError.DIGEST_INVALID.exception(
                e.getMessage(),
                Map.of("expected", e.expected().toString(), "actual", e.actual().toString()));
    }

    private static OciException outOfOrder(UploadState state, String message) {
        return OciError.RANGE_INVALID.exception(message).withHeaders(Map.of("Range", uploadRange(state)));
    }
}
