package io.enseada.registry.storage;

public class BlobNotFoundException extends StorageException {
    public BlobNotFoundException(Digest digest) {
        super("blob unknown: " + digest);
    }
}
