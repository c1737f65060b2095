package io.enseada.registry.npm;

import io.enseada.registry.storage.BlobStore;
import io.enseada.shared.model.RepositorySpec;
import java.io.InputStream;

/** What installers read: a package's packument, and the tarball behind one of its file names. */
final class NpmReading {
    private final Packuments packuments;
    private final BlobStore blobs;

    NpmReading(Packuments packuments, BlobStore blobs) {
        this.packuments = packuments;
        this.blobs = blobs;
    }

    StoredPackument packument(RepositorySpec repository, NpmPackageName name) {
        return packuments.require(repository, name);
    }

    NpmResults.Tarball tarball(RepositorySpec repository, NpmPackageName name, String file) {
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
