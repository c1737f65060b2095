package io.enseada.registry.maven;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/** What {@link MavenService} answers; the routes turn it into HTTP. */
public final class MavenResults {
    private MavenResults() {}

    /** How a deploy ended. */
    public enum Deployed {
        /** New bytes recorded at the path. */
        STORED,
        /** The same bytes were already there; nothing changed. */
        UNCHANGED,
        /** A checksum file matched the one computed; checksum files are always computed, never stored. */
        CHECKSUM_VERIFIED,
        /** A client's maven-metadata.xml was merged into the server's view. */
        METADATA_MERGED
    }

    /** The answer to a GET or HEAD. */
    public sealed interface Resolved {}

    /** A stored file; {@code content} opens its bytes (not called for HEAD). */
    public record File(String name, long size, Checksums checksums, Instant modified, Supplier<InputStream> content)
            implements Resolved {}

    /** Small generated content: maven-metadata.xml and checksum files. */
    public record Text(String name, byte[] bytes, Checksums checksums, Instant modified) implements Resolved {}

    public record Directory(MavenPath path, List<Entry> entries) implements Resolved {}

    /** One line of a directory listing; size, checksums and modified are null for directories. */
    public record Entry(String name, boolean directory, Long size, String sha1, Instant modified) {}

    public record Deleted(int files) {}
}
