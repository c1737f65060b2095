package io.enseada.registry.repository.browse;

import java.time.Instant;
import java.util.List;

/** A Maven artifact ({@code groupId:artifactId}): its versions and their files. */
public record ArtifactDetail(
        String name, String groupId, String artifactId, String latest, String release, List<Version> versions)
        implements PackageDetail {
    public ArtifactDetail {
        versions = List.copyOf(versions);
    }

    /** One version, newest first in the list; a snapshot lists its timestamped files. */
    public record Version(String version, boolean snapshot, Instant deployed, List<FileEntry> files) {
        public Version {
            files = List.copyOf(files);
        }
    }

    /**
     * @param path the file's path below the repository, as {@code /maven/{repository}/{path}} serves it
     * @param sha1 the file's SHA-1, hex, or null when not known
     * @param sha256 the file's SHA-256, hex, or null when not known
     */
    public record FileEntry(String name, String path, long size, String sha1, String sha256, Instant deployed) {}
}
