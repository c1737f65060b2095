package io.enseada.registry.maven;

import java.util.List;

/**
 * Every metadata document id of Maven repositories, in one place. Each id is
 * {@code <kind>:<repository>/<path>}, so a directory is one key range:
 *
 * <ul>
 *   <li>{@code maven-file:<repository>/<path>} — a deployed file: its blob digest, size and checksums
 *       ({@link FileRecord});
 *   <li>{@code maven-metadata:<repository>/<directory>} — the server's view of the
 *       {@code maven-metadata.xml} of that directory: versions, snapshot builds, plugins, and the
 *       rendered XML with its checksums ({@link MavenMetadata}).
 *   <li>{@code maven-upstream-metadata:<repository>/<directory>} — a proxy repository's copy of its
 *       upstream's {@code maven-metadata.xml} and when it was fetched ({@link CachedMetadata});
 *   <li>{@code maven-upstream-miss:<repository>/<path>} — when a proxy's upstream last answered
 *       "not found" for a path (the negative cache).
 * </ul>
 *
 * Paths only hold the characters {@link MavenPath} admits, all below {@link #AFTER_ALL}, so
 * {@code prefix + name + "/" + AFTER_ALL} sorts after everything under {@code name/}: listing
 * a directory skips over each subdirectory in one step.
 */
public final class MavenDocumentIds {
    static final String FILE_PREFIX = "maven-file:";
    static final String METADATA_PREFIX = "maven-metadata:";
    static final String UPSTREAM_METADATA_PREFIX = "maven-upstream-metadata:";
    static final String UPSTREAM_MISS_PREFIX = "maven-upstream-miss:";
    static final char AFTER_ALL = '\u007e' + 1;

    private MavenDocumentIds() {}

    /** The prefixes that together hold every document of {@code repository}. */
    public static List<String> contentPrefixes(String repository) {
        return List.of(
                FILE_PREFIX + repository + "/",
                METADATA_PREFIX + repository + "/",
                UPSTREAM_METADATA_PREFIX + repository + "/",
                UPSTREAM_MISS_PREFIX + repository + "/");
    }

    static String file(String repository, MavenPath path) {
        return FILE_PREFIX + repository + "/" + path;
    }

    /** The prefix of every file under {@code directory}. */
    static String filesUnder(String repository, MavenPath directory) {
        return FILE_PREFIX + repository + "/" + (directory.isRoot() ? "" : directory + "/");
    }

    static String metadata(String repository, MavenPath directory) {
        return METADATA_PREFIX + repository + "/" + directory;
    }

    static String upstreamMetadata(String repository, MavenPath directory) {
        return UPSTREAM_METADATA_PREFIX + repository + "/" + directory;
    }

    static String upstreamMiss(String repository, MavenPath path) {
        return UPSTREAM_MISS_PREFIX + repository + "/" + path;
    }

    /** The prefix of every metadata document strictly under {@code directory}. */
    static String metadataUnder(String repository, MavenPath directory) {
        return METADATA_PREFIX + repository + "/" + (directory.isRoot() ? "" : directory + "/");
    }

    /** The id to start after so that a listing of {@code prefix} continues past subdirectory {@code name}. */
    static String afterSubdirectory(String prefix, String name) {
        return prefix + name + "/" + AFTER_ALL;
    }
}
