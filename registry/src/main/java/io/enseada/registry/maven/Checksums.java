package io.enseada.registry.maven;

import java.util.HexFormat;

/** The four checksums of one file, as lowercase hex. */
public record Checksums(String md5, String sha1, String sha256, String sha512) {

    public static Checksums of(byte[] bytes) {
        return new Checksums(
                hex(ChecksumAlgorithm.MD5, bytes),
                hex(ChecksumAlgorithm.SHA1, bytes),
                hex(ChecksumAlgorithm.SHA256, bytes),
                hex(ChecksumAlgorithm.SHA512, bytes));
    }

    private static String hex(ChecksumAlgorithm algorithm, byte[] bytes) {
        return HexFormat.of().formatHex(algorithm.newDigest().digest(bytes));
    }

    public String get(ChecksumAlgorithm algorithm) {
        return switch (algorithm) {
            case MD5 -> md5;
            case SHA1 -> sha1;
            case SHA256 -> sha256;
            case SHA512 -> sha512;
        };
    }
}
