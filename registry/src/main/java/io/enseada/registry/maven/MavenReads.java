package io.enseada.registry.maven;

import io.enseada.registry.upstream.FirstClient;
import io.enseada.shared.model.RepositorySpec;
import java.util.function.BiPredicate;

/** Every read of a Maven repository, whatever its kind: the one entry the routes call. */
final class MavenReads {
    private final MavenService hosted;
    private final MavenProxy proxy;
    private final MavenGroup group;

    MavenReads(MavenService hosted, MavenProxy proxy, MavenGroup group) {
        this.hosted = hosted;
        this.proxy = proxy;
        this.group = group;
    }

    /**
     * @param readable whether the caller may read a path of a repository (the group's members included)
     * @param first sent the file as it arrives when a proxy fetches it for this read
     */
    MavenResults.Resolved resolve(
            RepositorySpec repository,
            MavenPath path,
            BiPredicate<RepositorySpec, MavenPath> readable,
            FirstClient first) {
        MavenRequests.Resolve request =
                new MavenRequests.Resolve(repository, path, p -> readable.test(repository, p), first);
        return switch (repository.kind()) {
            case HOSTED -> hosted.resolve(request);
            case PROXY -> proxy.resolve(request);
            case GROUP -> group.resolve(repository, path, readable, first);
        };
    }
}
