package io.enseada.registry.repository.browse;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An npm package: its versions, dist-tags and README.
 *
 * @param readmeHtml the README rendered from Markdown and sanitized (no script, no event handler,
 *     no {@code javascript:} link), safe to insert into a page as it is; null when there is none
 */
public record NpmPackageDetail(
        String name,
        String description,
        Map<String, String> distTags,
        List<Version> versions,
        String readmeHtml,
        String license,
        String homepage,
        List<String> keywords)
        implements PackageDetail {
    public NpmPackageDetail {
        distTags = Collections.unmodifiableMap(new LinkedHashMap<>(distTags));
        versions = List.copyOf(versions);
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
    }

    /**
     * One version, newest first in the list.
     *
     * @param deprecated the deprecation message, or null
     * @param tarball the tarball's path below the registry, e.g. {@code /npm/{repository}/{name}/-/{file}}
     */
    public record Version(
            String version,
            Instant published,
            String deprecated,
            Map<String, String> dependencies,
            Map<String, String> devDependencies,
            String tarball,
            String integrity,
            long size) {
        public Version {
            dependencies =
                    dependencies == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(dependencies));
            devDependencies = devDependencies == null
                    ? Map.of()
                    : Collections.unmodifiableMap(new LinkedHashMap<>(devDependencies));
        }
    }
}
