package io.enseada.registry.npm;

import java.util.List;

/**
 * Every document id of the npm format. A repository's packages are one key range,
 * {@code npm:<repository>:<package>}, so that search is a prefix scan in name order.
 */
public final class NpmDocumentIds {
    private static final String PREFIX = "npm:";

    private NpmDocumentIds() {}

    /** The packument (all versions, dist-tags, times) of one package. */
    public static String packument(String repository, NpmPackageName name) {
        return packages(repository) + name;
    }

    /** The key range holding every packument of {@code repository}. */
    public static String packages(String repository) {
        return PREFIX + repository + ":";
    }

    /** The prefixes that together hold every document of {@code repository}. */
    public static List<String> contentPrefixes(String repository) {
        return List.of(packages(repository));
    }
}
