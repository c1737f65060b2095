package io.enseada.registry.npm;

import io.enseada.registry.access.Principal;
import io.enseada.registry.audit.Actor;
import io.enseada.registry.http.BodyStream;
import io.enseada.shared.model.RepositorySpec;
import java.io.InputStream;
import java.util.function.BiPredicate;

/** What the npm service is asked: one record per operation. */
public final class NpmRequests {
    private NpmRequests() {}

    /** {@code PUT /<package>}: a publish when it carries a tarball, otherwise a metadata update. */
    public record PutRequest(RepositorySpec repository, NpmPackageName name, Actor caller, BodyStream body) {}

    /** {@code PUT /<package>/-rev/<rev>}: the packument minus the versions to unpublish. */
    public record UnpublishVersionsRequest(
            RepositorySpec repository, NpmPackageName name, Actor caller, String rev, InputStream body) {}

    public record UnpublishPackageRequest(RepositorySpec repository, NpmPackageName name, Actor caller, String rev) {}

    public record DistTagRequest(
            RepositorySpec repository, NpmPackageName name, Actor caller, String tag, String version) {}

    /** @param readable the packages the caller may read; no other is found, nor counted */
    public record SearchRequest(
            RepositorySpec repository,
            String text,
            int size,
            int from,
            BiPredicate<RepositorySpec, NpmPackageName> readable) {}

    /** {@code npm login}: the user named in the URL and the credentials in the body. */
    public record LoginRequest(String pathUser, String name, String password, String source) {}

    /**
     * {@code npm token create}.
     *
     * @param expiresInDays null for a token that does not expire
     */
    public record TokenCreateRequest(
            Principal caller,
            String password,
            boolean readOnly,
            String description,
            Integer expiresInDays,
            String source) {}
}
