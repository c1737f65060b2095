package io.enseada.registry.ui;

import io.enseada.registry.repository.browse.PackageDetail;

/**
 * One package's page.
 *
 * @param host the registry as clients name it in an image reference ({@code host:port})
 * @param base the registry's base URL, for download links and client configuration
 */
public record PackageView<D extends PackageDetail>(
        String repository, String format, D detail, String host, String base) {

    public String repositoryLink() {
        return "/ui/repositories/" + Text.path(repository);
    }

    /** A Maven file's or npm tarball's download link below the registry's own protocol path. */
    public String download(String pathBelowRepository) {
        return "/" + format + "/" + Text.path(repository) + "/" + Text.path(pathBelowRepository);
    }
}
