package io.enseada.registry.maven;

import io.enseada.registry.audit.Actor;
import io.enseada.registry.upstream.FirstClient;
import io.enseada.shared.model.RepositorySpec;
import java.io.InputStream;
import java.util.Map;
import java.util.function.Predicate;

/** What the routes hand to {@link MavenService}: plain values, no HTTP. */
public final class MavenRequests {
    private MavenRequests() {}

    /**
     * @param declaredLength the body's declared length, or -1
     * @param declared checksums the client sent beside the bytes (request headers); verified before the file is recorded
     * @param deployer who deploys, for the file's record and the audit log
     */
    public record Deploy(
            RepositorySpec repository,
            MavenPath path,
            InputStream content,
            long declaredLength,
            Map<ChecksumAlgorithm, String> declared,
            Actor deployer) {}

    /** @param readable the paths the caller may read: a directory listing shows only those */
    /** @param first sent the file as it arrives when a proxy fetches it for this read */
    public record Resolve(RepositorySpec repository, MavenPath path, Predicate<MavenPath> readable, FirstClient first) {
        public Resolve(RepositorySpec repository, MavenPath path, Predicate<MavenPath> readable) {
            this(repository, path, readable, FirstClient.NONE);
        }
    }

    public record Delete(RepositorySpec repository, MavenPath path, Actor actor) {}
}
