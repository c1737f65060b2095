package io.enseada.registry.storage;

/** A chunk was sent for an offset other than the end of what the session holds. */
public class UploadOffsetException extends StorageException {
    private final long currentSize;

    public UploadOffsetException(String uploadId, long offset, long currentSize) {
        super("upload " + uploadId + " holds " + currentSize + " bytes; a chunk at offset " + offset
                + " is out of order");
        this.currentSize = currentSize;
    }

    public long currentSize() {
        return currentSize;
    }
}
