package io.enseada.registry.maven;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/** The checksum files a Maven repository serves beside every file. */
public enum ChecksumAlgorithm {
    MD5("md5", "MD5", "X-Checksum-MD5"),
    SHA1("sha1", "SHA-1", "X-Checksum-SHA1"),
    SHA256("sha256", "SHA-256", "X-Checksum-SHA256"),
    SHA512("sha512", "SHA-512", "X-Checksum-SHA512");

    private final String extension;
    private final String jdkName;
    private final String header;

    ChecksumAlgorithm(String extension, String jdkName, String header) {
        this.extension = extension;
        this.jdkName = jdkName;
        this.header = header;
    }

    /** The algorithm whose checksum file {@code fileName} is, if it is one. */
    public static Optional<ChecksumAlgorithm> ofChecksumFile(String fileName) {
        for (ChecksumAlgorithm algorithm : values()) {
            if (fileName.endsWith("." + algorithm.extension) && fileName.length() > algorithm.extension.length() + 1) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }

    /** {@code x.jar.sha1} → {@code x.jar}. */
    public String checkedFile(String checksumFileName) {
        return checksumFileName.substring(0, checksumFileName.length() - extension.length() - 1);
    }

    public String extension() {
        return extension;
    }

    /** The response (and optional request) header carrying this checksum, as Nexus and Artifactory name it. */
    public String header() {
        return header;
    }

    public MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(jdkName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has " + jdkName, e);
        }
    }
}
