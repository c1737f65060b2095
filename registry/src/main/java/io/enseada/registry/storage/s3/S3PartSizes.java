package io.enseada.registry.storage.s3;

/**
 * The sizes multipart writes and copies use. The defaults suit AWS S3: every part but the last must
 * be at least 5 MiB, and CopyObject takes at most 5 GiB.
 *
 * @param partSize bytes buffered per part uploaded; the memory a write holds
 * @param minPartSize smallest part the server accepts before the last; a session keeps a shorter
 *     tail as a pending object until more bytes arrive
 * @param maxCopySize largest object one CopyObject may copy; larger ones are copied in parts
 * @param copyPartSize range copied per part above {@code maxCopySize}
 */
public record S3PartSizes(int partSize, int minPartSize, long maxCopySize, long copyPartSize) {
    private static final int MIB = 1024 * 1024;

    public S3PartSizes {
        if (minPartSize <= 0 || partSize < minPartSize) {
            throw new IllegalArgumentException(
                    "need 0 < minPartSize <= partSize, got " + minPartSize + " and " + partSize);
        }
        if (copyPartSize <= 0 || copyPartSize > maxCopySize) {
            throw new IllegalArgumentException(
                    "need 0 < copyPartSize <= maxCopySize, got " + copyPartSize + " and " + maxCopySize);
        }
    }

    public static S3PartSizes defaults() {
        return new S3PartSizes(8 * MIB, 5 * MIB, 5L * 1024 * MIB, 1024L * MIB);
    }
}
