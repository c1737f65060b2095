package io.enseada.registry.storage.s3;

import io.enseada.registry.storage.ResumableSha256;
import io.enseada.registry.storage.UploadOwner;
import io.enseada.registry.storage.UploadProgress;
import java.time.Instant;
import java.util.List;

/**
 * An S3 upload session's state object: how far it got and where its bytes are, enough for any
 * replica to continue it. Every byte counted in {@code progress} is either in one of {@code parts}
 * or in the pending object.
 *
 * @param multipartUploadId the session's multipart upload to {@code uploads/<id>/data}, or null
 *     before its first full part
 * @param pendingKey the object holding the tail not yet uploaded as a part, or null when there is none
 * @param pendingSize that tail's size, below the minimum part size
 */
record S3UploadSession(
        UploadProgress progress, String multipartUploadId, List<PartRef> parts, String pendingKey, long pendingSize) {

    static S3UploadSession start(UploadOwner owner, Instant now) {
        return new S3UploadSession(UploadProgress.start(owner, now), null, List.of(), null, 0);
    }

    MultipartWrite multipart(S3Objects objects, String key) {
        return new MultipartWrite(objects, key, multipartUploadId, parts);
    }

    S3UploadSession advance(
            MultipartWrite write,
            ResumableSha256 hash,
            long appended,
            String newPendingKey,
            long newPendingSize,
            Instant now) {
        return new S3UploadSession(
                progress.advance(hash, appended, now), write.uploadId(), write.parts(), newPendingKey, newPendingSize);
    }
}
