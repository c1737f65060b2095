package io.enseada.registry.repository.browse;

/**
 * One package with what its page shows: each format's own record. The management API returns it
 * as JSON under {@code /api/v1/repositories/{name}/packages/{package}}.
 */
public sealed interface PackageDetail permits ImageDetail, ArtifactDetail, NpmPackageDetail {
    /** The package's name, as in its {@link PackageSummary}. */
    String name();
}
