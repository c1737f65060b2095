package io.enseada.registry.npm;

import io.enseada.registry.storage.BlobStore;
import io.enseada.registry.upstream.FirstClient;
import io.enseada.shared.model.RepositorySpec;
import java.io.InputStream;
import java.util.function.BiPredicate;

/** What installers read: a package's packument, and the tarball behind one of its file names. */
final class NpmReading {
    private final Packuments packuments;
    private final NpmProxy proxy;
    private final NpmGroup group;
    private final BlobStore blobs;

    NpmReading(Packuments packuments, NpmProxy proxy, NpmGroup group, BlobStore blobs) {
        this.packuments = packuments;
        this.proxy = proxy;
        this.group = group;
        this.blobs = blobs;
    }

    /**
     * @param readable whether the caller may read a package of a repository (a group's members included)
     * @param form     what the client asked for: a hosted packument holds both, a proxy fetches that one
     */
    StoredPackument packument(
            RepositorySpec repository,
            NpmPackageName name,
            BiPredicate<RepositorySpec, NpmPackageName> readable,
            PackumentForm form) {
        return switch (repository.kind()) {
            case HOSTED -> packuments.require(repository, name);
            case PROXY -> proxy.packument(repository, name, form);
            case GROUP -> group.packument(repository, name, readable, form);
        };
    }

    /** @param first sent the tarball as it arrives when a proxy fetches it for this read */
    NpmResults.Tarball tarball(
            RepositorySpec repository,
            NpmPackageName name,
            String file,
            BiPredicate<RepositorySpec, NpmPackageName> readable,
            FirstClient first) {
        return switch (repository.kind()) {
            case HOSTED -> hostedTarball(repository, name, file);
            case PROXY -> proxy.tarball(repository, name, file, first);
            case GROUP -> group.tarball(repository, name, file, readable, first);
        };
    }

    private NpmResults.Tarball hostedTarball(RepositorySpec repository, NpmPackageName name, String file) {
        StoredPackument.TarballEntry entry = packuments
                .require(repository, name)
                .tarball(file)
                .orElseThrow(() -> NpmException.notFound("tarball " + file + " of " + name + " not found"));
        return new NpmResults.Tarball(entry.digest(), entry.size());
    }

    InputStream open(NpmResults.Tarball tarball) {
        return blobs.open(tarball.digest());
    }
}
