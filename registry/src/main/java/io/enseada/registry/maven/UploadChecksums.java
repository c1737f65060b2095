package io.enseada.registry.maven;

import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * MD5, SHA-1 and SHA-512 of an upload, fed by the JDK's {@link DigestInputStream}s as the bytes
 * stream into the blob store, which computes the SHA-256 itself; nothing is read twice.
 */
final class UploadChecksums {
    private final MessageDigest md5 = ChecksumAlgorithm.MD5.newDigest();
    private final MessageDigest sha1 = ChecksumAlgorithm.SHA1.newDigest();
    private final MessageDigest sha512 = ChecksumAlgorithm.SHA512.newDigest();

    /** The stream to hand to the blob store in place of {@code content}. */
    InputStream wrap(InputStream content) {
        return new DigestInputStream(new DigestInputStream(new DigestInputStream(content, md5), sha1), sha512);
    }

    /** Call once the stream is consumed; {@code sha256} is what the blob store computed. */
    Checksums checksums(String sha256) {
        HexFormat hex = HexFormat.of();
        return new Checksums(
                hex.formatHex(md5.digest()), hex.formatHex(sha1.digest()), sha256, hex.formatHex(sha512.digest()));
    }
}
