package io.enseada.registry.storage;

public class UploadNotFoundException extends StorageException {
    public UploadNotFoundException(String uploadId) {
        super("upload unknown: " + uploadId);
    }
}
