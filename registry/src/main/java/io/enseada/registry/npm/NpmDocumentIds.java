package io.enseada.registry.npm;

import java.util.List;

/**
 * Every document id of the npm format. A repository's packages are one key range,
 * {@code npm:<repository>:<package>}, so that search is a prefix scan in name order; what a proxy
 * repository caches sits in ranges of its own, keyed the same way, so that emptying the cache of
 * one package is a prefix too.
 */
public final class NpmDocumentIds {
    private static final String PREFIX = "npm:";
    private static final String UPSTREAM_PREFIX = "npm-upstream:";
    private static final String UPSTREAM_FULL_PREFIX = "npm-upstream-full:";
    private static final String UPSTREAM_TARBALL_PREFIX = "npm-upstream-tarball:";
    private static final String UPSTREAM_MISS_PREFIX = "npm-upstream-miss:";

    private NpmDocumentIds() {}

    /** The packument (all versions, dist-tags, times) of one package. */
    public static String packument(String repository, NpmPackageName name) {
        return packages(repository) + name;
    }

    /** The key range holding every packument of {@code repository}. */
    public static String packages(String repository) {
        return PREFIX + repository + ":";
    }

    /** A proxy repository's copy of its upstream's packument of one package ({@link UpstreamPackument}). */
    static String upstreamPackument(String repository, NpmPackageName name, PackumentForm form) {
        return (form == PackumentForm.FULL ? UPSTREAM_FULL_PREFIX + repository + ":" : upstreamPackuments(repository))
                + name;
    }

    /** The key range of every abbreviated packument a proxy repository holds from its upstream. */
    static String upstreamPackuments(String repository) {
        return UPSTREAM_PREFIX + repository + ":";
    }

    /** The key range of every full packument a proxy repository holds from its upstream. */
    static String upstreamFullPackuments(String repository) {
        return UPSTREAM_FULL_PREFIX + repository + ":";
    }

    /** The key range of every tarball a proxy repository fetched. */
    static String upstreamTarballs(String repository) {
        return UPSTREAM_TARBALL_PREFIX + repository + ":";
    }

    /** A tarball a proxy repository fetched ({@link UpstreamTarball}), below its package's key. */
    static String upstreamTarball(String repository, NpmPackageName name, String file) {
        return UPSTREAM_TARBALL_PREFIX + repository + ":" + name + "/" + file;
    }

    /** When a proxy's upstream last said a package does not exist. */
    static String upstreamMiss(String repository, NpmPackageName name) {
        return UPSTREAM_MISS_PREFIX + repository + ":" + name;
    }

    /** The prefixes of the documents that keep tarball blobs: packuments, and a proxy's tarballs. */
    static List<String> mentionPrefixes() {
        return List.of(PREFIX, UPSTREAM_TARBALL_PREFIX);
    }

    /** The repository of a packument's or a proxied tarball's document. */
    static String repositoryIn(String id) {
        int start = id.indexOf(':') + 1;
        return id.substring(start, id.indexOf(':', start));
    }

    static boolean isUpstreamTarball(String id) {
        return id.startsWith(UPSTREAM_TARBALL_PREFIX);
    }

    /** The prefixes that together hold every document of {@code repository}. */
    public static List<String> contentPrefixes(String repository) {
        return List.of(
                packages(repository),
                UPSTREAM_PREFIX + repository + ":",
                UPSTREAM_FULL_PREFIX + repository + ":",
                UPSTREAM_TARBALL_PREFIX + repository + ":",
                UPSTREAM_MISS_PREFIX + repository + ":");
    }
}
