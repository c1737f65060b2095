package io.enseada.registry.storage.s3;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * One multipart upload to one key. It is begun with its first part, so a write that fits in one
 * part never starts one; a session resumes it from the upload id and parts it persisted.
 */
final class MultipartWrite {
    private final S3Objects objects;
    private final String key;
    private final List<PartRef> parts;
    private String uploadId;

    MultipartWrite(S3Objects objects, String key) {
        this(objects, key, null, List.of());
    }

    MultipartWrite(S3Objects objects, String key, String uploadId, List<PartRef> parts) {
        this.objects = objects;
        this.key = key;
        this.uploadId = uploadId;
        this.parts = new ArrayList<>(parts);
    }

    /** The upload id, or null before the first part. */
    String uploadId() {
        return uploadId;
    }

    List<PartRef> parts() {
        return List.copyOf(parts);
    }

    void upload(PartBuffer part) {
        begin();
        int number = parts.size() + 1;
        parts.add(new PartRef(number, objects.uploadPart(key, uploadId, number, part.body())));
    }

    /** Uploads {@code part} each time it fills up from {@code in}; the last, partial fill stays in it. */
    void uploadWhileFull(PartBuffer part, InputStream in) throws IOException {
        while (part.fill(in)) {
            upload(part);
            part.clear();
        }
    }

    /** Adds the bytes {@code first} to {@code last} (inclusive) of another object as the next part. */
    void copyPart(String sourceKey, long first, long last) {
        begin();
        int number = parts.size() + 1;
        parts.add(new PartRef(number, objects.copyPart(key, uploadId, number, sourceKey, first, last)));
    }

    void complete() {
        if (parts.isEmpty()) {
            throw new IllegalStateException("a multipart upload needs at least one part");
        }
        objects.completeMultipart(key, uploadId, parts);
    }

    /** Drops the parts uploaded so far; nothing to do when none were. */
    void abort() {
        if (uploadId != null) {
            objects.abortMultipart(key, uploadId);
        }
    }

    private void begin() {
        if (uploadId == null) {
            uploadId = objects.startMultipart(key);
        }
    }
}
