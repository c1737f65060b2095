package io.enseada.registry.storage.s3;

import io.enseada.registry.storage.StorageException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The S3 calls the blob store makes, confined to one bucket and key prefix. Keys in and out are
 * relative to the prefix; SDK failures come out as {@link StorageException}.
 */
final class S3Objects {
    private static final int NOT_FOUND = 404;
    private static final int RANGE_NOT_SATISFIABLE = 416;
    /** The most keys one DeleteObjects request takes. */
    private static final int DELETE_BATCH = 1000;

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    /** An object found by a listing. */
    record Listed(String key, Instant lastModified) {}

    /** An object found by a listing, with its size. */
    record Sized(String key, long size, Instant lastModified) {}

    /** A multipart upload not yet completed or aborted. */
    record Unfinished(String key, String uploadId, Instant initiated) {}

    S3Objects(S3Client s3, String bucket, String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix == null || prefix.isEmpty() ? "" : prefix.endsWith("/") ? prefix : prefix + "/";
    }

    Optional<Long> size(String key) {
        return call("HEAD " + key, () -> {
            try {
                return Optional.of(
                        s3.headObject(b -> b.bucket(bucket).key(prefix + key)).contentLength());
            } catch (S3Exception e) {
                return absentIfNotFound(e);
            }
        });
    }

    /**
     * @param range an HTTP Range value, or null for the whole object
     * @return empty when there is no such object; an empty stream when the range starts at or past
     *     its end, where S3 answers 416
     */
    Optional<InputStream> read(String key, String range) {
        return call("GET " + key, () -> {
            try {
                return Optional.of(
                        s3.getObject(b -> b.bucket(bucket).key(prefix + key).range(range)));
            } catch (S3Exception e) {
                if (e.statusCode() == RANGE_NOT_SATISFIABLE) {
                    return Optional.of(InputStream.nullInputStream());
                }
                return absentIfNotFound(e);
            }
        });
    }

    /** A whole small object, such as a session state. */
    Optional<byte[]> readSmall(String key) {
        return call("GET " + key, () -> {
            try {
                return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(prefix + key))
                        .asByteArray());
            } catch (S3Exception e) {
                return absentIfNotFound(e);
            }
        });
    }

    void write(String key, RequestBody body) {
        call("PUT " + key, () -> s3.putObject(b -> b.bucket(bucket).key(prefix + key), body));
    }

    void delete(String key) {
        call("DELETE " + key, () -> s3.deleteObject(b -> b.bucket(bucket).key(prefix + key)));
    }

    void copy(String sourceKey, String targetKey) {
        call(
                "COPY " + sourceKey + " to " + targetKey,
                () -> s3.copyObject(b -> b.sourceBucket(bucket)
                        .sourceKey(prefix + sourceKey)
                        .destinationBucket(bucket)
                        .destinationKey(prefix + targetKey)));
    }

    List<Listed> list(String keyPrefix) {
        return call(
                "LIST " + keyPrefix,
                () -> s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix + keyPrefix)).contents().stream()
                        .map(object -> new Listed(relative(object.key()), object.lastModified()))
                        .toList());
    }

    /** One page of a listing: its objects, and whether more follow. */
    record Listing(List<Sized> objects, boolean truncated) {}

    /**
     * At most {@code limit} objects under {@code keyPrefix} in key order, after {@code startAfter}
     * (a relative key, or null). S3 answers at most 1,000 keys a request, whatever is asked.
     */
    Listing listAfter(String keyPrefix, String startAfter, int limit) {
        return call("LIST " + keyPrefix, () -> {
            ListObjectsV2Response response = s3.listObjectsV2(b -> b.bucket(bucket)
                    .prefix(prefix + keyPrefix)
                    .startAfter(startAfter == null ? null : prefix + startAfter)
                    .maxKeys(limit));
            List<Sized> objects = response.contents().stream()
                    .map(object -> new Sized(relative(object.key()), object.size(), object.lastModified()))
                    .toList();
            return new Listing(objects, Boolean.TRUE.equals(response.isTruncated()));
        });
    }

    /** Deletes the objects with one DeleteObjects request per thousand keys. */
    void deleteAll(List<String> keys) {
        for (int from = 0; from < keys.size(); from += DELETE_BATCH) {
            List<ObjectIdentifier> batch = keys.subList(from, Math.min(keys.size(), from + DELETE_BATCH)).stream()
                    .map(key -> ObjectIdentifier.builder().key(prefix + key).build())
                    .toList();
            DeleteObjectsResponse response = call(
                    "DeleteObjects of " + batch.size() + " keys",
                    () -> s3.deleteObjects(
                            b -> b.bucket(bucket).delete(d -> d.objects(batch).quiet(true))));
            if (response.hasErrors() && !response.errors().isEmpty()) {
                S3Error first = response.errors().get(0);
                throw new StorageException(
                        "DeleteObjects failed for " + response.errors().size() + " keys, " + relative(first.key())
                                + ": " + first.code() + " " + first.message());
            }
        }
    }

    /** The names of the folders right below {@code keyPrefix}, which must end in {@code /}. */
    List<String> folders(String keyPrefix) {
        int start = prefix.length() + keyPrefix.length();
        return call(
                "LIST " + keyPrefix,
                () -> s3
                        .listObjectsV2Paginator(
                                b -> b.bucket(bucket).prefix(prefix + keyPrefix).delimiter("/"))
                        .commonPrefixes()
                        .stream()
                        .map(folder ->
                                folder.prefix().substring(start, folder.prefix().length() - 1))
                        .toList());
    }

    String startMultipart(String key) {
        return call(
                "CreateMultipartUpload " + key,
                () -> s3.createMultipartUpload(b -> b.bucket(bucket).key(prefix + key))
                        .uploadId());
    }

    /** @return the part's ETag */
    String uploadPart(String key, String uploadId, int number, RequestBody body) {
        return call(
                "UploadPart " + number + " of " + key,
                () -> s3.uploadPart(
                                b -> b.bucket(bucket)
                                        .key(prefix + key)
                                        .uploadId(uploadId)
                                        .partNumber(number),
                                body)
                        .eTag());
    }

    /** @return the part's ETag */
    String copyPart(String key, String uploadId, int number, String sourceKey, long first, long last) {
        return call(
                "UploadPartCopy " + number + " of " + key,
                () -> s3.uploadPartCopy(b -> b.sourceBucket(bucket)
                                .sourceKey(prefix + sourceKey)
                                .copySourceRange("bytes=" + first + "-" + last)
                                .destinationBucket(bucket)
                                .destinationKey(prefix + key)
                                .uploadId(uploadId)
                                .partNumber(number))
                        .copyPartResult()
                        .eTag());
    }

    void completeMultipart(String key, String uploadId, List<PartRef> parts) {
        List<CompletedPart> completed = parts.stream()
                .map(part -> CompletedPart.builder()
                        .partNumber(part.number())
                        .eTag(part.etag())
                        .build())
                .toList();
        call(
                "CompleteMultipartUpload " + key,
                () -> s3.completeMultipartUpload(b -> b.bucket(bucket)
                        .key(prefix + key)
                        .uploadId(uploadId)
                        .multipartUpload(m -> m.parts(completed))));
    }

    /** Aborting an upload that is already gone (completed, aborted) is not an error. */
    void abortMultipart(String key, String uploadId) {
        call("AbortMultipartUpload " + key, () -> {
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(prefix + key).uploadId(uploadId));
            } catch (S3Exception e) {
                absentIfNotFound(e);
            }
            return null;
        });
    }

    List<Unfinished> unfinishedMultiparts(String keyPrefix) {
        return call(
                "ListMultipartUploads " + keyPrefix,
                () ->
                        s3
                                .listMultipartUploadsPaginator(
                                        b -> b.bucket(bucket).prefix(prefix + keyPrefix))
                                .uploads()
                                .stream()
                                .map(upload ->
                                        new Unfinished(relative(upload.key()), upload.uploadId(), upload.initiated()))
                                .toList());
    }

    boolean bucketAnswers() {
        try {
            s3.headBucket(b -> b.bucket(bucket));
            return true;
        } catch (SdkException e) {
            return false;
        }
    }

    private String relative(String key) {
        return key.substring(prefix.length());
    }

    private static <T> Optional<T> absentIfNotFound(S3Exception e) {
        if (e.statusCode() == NOT_FOUND) {
            return Optional.empty();
        }
        throw e;
    }

    private static <T> T call(String what, Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException e) {
            throw new StorageException("S3 " + what + " failed: " + e.getMessage(), e);
        }
    }
}
