package io.enseada.registry.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Digests computed the plain JDK way, to check the stores' own hashing against. */
public final class Sha256 {
    private Sha256() {}

    public static Digest of(byte[] bytes) {
        return Digest.of(newDigest().digest(bytes));
    }

    /** Reads {@code in} to its end and closes it; the digest and size of what it read. */
    public static BlobInfo measure(InputStream in) {
        MessageDigest sha256 = newDigest();
        byte[] buffer = new byte[64 * 1024];
        long size = 0;
        try (in) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                sha256.update(buffer, 0, n);
                size += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BlobInfo(Digest.of(sha256.digest()), size);
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
