package io.enseada.registry.storage.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * One part's bytes, in a buffer reused from part to part: what keeps an upload's memory flat
 * whatever the blob's size.
 */
final class PartBuffer {
    private final byte[] bytes;
    private int length;

    PartBuffer(int capacity) {
        this.bytes = new byte[capacity];
    }

    /** Reads until the buffer is full or {@code in} ends; true when full. */
    boolean fill(InputStream in) throws IOException {
        length += in.readNBytes(bytes, length, bytes.length - length);
        return length == bytes.length;
    }

    int length() {
        return length;
    }

    boolean isEmpty() {
        return length == 0;
    }

    void clear() {
        length = 0;
    }

    /** A body over the buffer itself: the SDK's byte-array bodies would copy it. */
    RequestBody body() {
        int size = length;
        return RequestBody.fromContentProvider(
                () -> new ByteArrayInputStream(bytes, 0, size), size, "application/octet-stream");
    }
}
