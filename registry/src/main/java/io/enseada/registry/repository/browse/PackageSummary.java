package io.enseada.registry.repository.browse;

import java.time.Instant;
import java.util.List;

/**
 * One package of a repository as a listing shows it: an OCI image (by its name), a Maven artifact
 * ({@code groupId:artifactId}) or an npm package.
 *
 * @param name the package's name in its format's terms, also the path of its detail
 * @param description a line about it (npm's description), or null
 * @param latest the version a user gets by default (npm's {@code latest} tag, Maven's release, the
 *     OCI tag pushed last), or null
 * @param versions how many versions (npm versions, Maven versions, OCI tags) it has
 * @param updated when a version of it was last pushed, deployed or published, or null when unknown
 * @param bytes the bytes its content takes (blobs counted once per package)
 * @param keywords words search matches besides the name: npm keywords, OCI tags
 */
public record PackageSummary(
        String name,
        String description,
        String latest,
        int versions,
        Instant updated,
        long bytes,
        List<String> keywords) {
    public PackageSummary {
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
    }
}
