package io.enseada.registry.npm;

import io.enseada.registry.audit.Actor;
import io.enseada.registry.http.BodyStream;
import java.io.InputStream;
import java.util.function.Predicate;

/** What the npm service is asked: one record per operation. */
public final class NpmRequests {
    private NpmRequests() {}

    /** {@code PUT /<package>}: a publish when it carries a tarball, otherwise a metadata update. */
    public record PutRequest(String repository, NpmPackageName name, Actor caller, BodyStream body) {}

    /** {@code PUT /<package>/-rev/<rev>}: the packument minus the versions to unpublish. */
    public record UnpublishVersionsRequest(
            String repository, NpmPackageName name, Actor caller, String rev, InputStream body) {}

    public record UnpublishPackageRequest(String repository, NpmPackageName name, Actor caller, String rev) {}

    public record DistTagRequest(String repository, NpmPackageName name, Actor caller, String tag, String version) {}

    /** @param readable the packages the caller may read; no other is found, nor counted */
    public record SearchRequest(
            String repository, String text, int size, int from, Predicate<NpmPackageName> readable) {}
}
