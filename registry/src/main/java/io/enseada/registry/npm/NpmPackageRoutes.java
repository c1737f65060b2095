package io.enseada.registry.npm;

import static io.enseada.registry.npm.NpmHttp.BASE;
import static io.enseada.registry.npm.NpmHttp.REPOSITORY;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.access.AccessGuard;
import io.enseada.registry.access.AccessRule;
import io.enseada.registry.access.Authorizer;
import io.enseada.registry.access.Principal;
import io.enseada.registry.errors.AccessDeniedException;
import io.enseada.registry.http.LiveBody;
import io.enseada.registry.http.PromisedBody;
import io.enseada.registry.http.ProtocolRoutes;
import io.enseada.registry.http.RequestBodies;
import io.enseada.registry.http.SecurityHeaders;
import io.enseada.shared.model.AccessAction;
import io.enseada.shared.model.Format;
import io.enseada.shared.model.RepositorySpec;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.Header;
import java.util.function.BiPredicate;
import java.util.function.Function;

/** The routes of one package, {@code /npm/<repository>/<package>…}: reading it, publishing, unpublishing. */
final class NpmPackageRoutes {
    static final String ABBREVIATED = "application/vnd.npm.install-v1+json";

    private final NpmReading reading;
    private final NpmPublishing publishing;
    private final NpmUnpublishing unpublishing;
    private final PackumentViews views;
    private final Authorizer authorizer;
    private final NpmHttp http;

    NpmPackageRoutes(
            NpmReading reading,
            NpmPublishing publishing,
            NpmUnpublishing unpublishing,
            PackumentViews views,
            Authorizer authorizer,
            NpmHttp http) {
        this.reading = reading;
        this.publishing = publishing;
        this.unpublishing = unpublishing;
        this.views = views;
        this.authorizer = authorizer;
        this.http = http;
    }

    /** Registered last: {@code <rest>} matches every path the other npm routes did not take. */
    void register(ProtocolRoutes routes) {
        Function<Context, String> restPackage = ctx -> NpmPath.packageOf(ctx.pathParam("rest"));
        routes.get(BASE + "/<rest>", this::read, AccessRule.on(Format.NPM, AccessAction.READ, REPOSITORY, restPackage));
        routes.put(
                BASE + "/<rest>", this::write, AccessRule.on(Format.NPM, AccessAction.WRITE, REPOSITORY, restPackage));
        routes.delete(
                BASE + "/<rest>",
                this::delete,
                AccessRule.on(Format.NPM, AccessAction.DELETE, REPOSITORY, restPackage));
    }

    private void read(Context ctx) {
        RepositorySpec repository = http.guardedRepository(ctx);
        NpmPath path = NpmPath.parse(ctx.pathParam("rest"));
        String registryUrl = http.registryUrl(ctx, repository);
        if (path instanceof NpmPath.Packument packument) {
            boolean abbreviated = http.accepts(ctx, ABBREVIATED);
            StoredPackument stored = reading.packument(
                    repository,
                    packument.name(),
                    readable(ctx, repository),
                    abbreviated ? PackumentForm.ABBREVIATED : PackumentForm.FULL);
            http.sendJson(
                    ctx,
                    abbreviated ? views.abbreviated(stored, registryUrl) : views.full(stored, registryUrl),
                    abbreviated ? ABBREVIATED : "application/json");
        } else if (path instanceof NpmPath.Version version) {
            StoredPackument stored =
                    reading.packument(repository, version.name(), readable(ctx, repository), PackumentForm.FULL);
            ObjectNode manifest = stored.versionOrTag(version.spec())
                    .orElseThrow(
                            () -> NpmException.notFound("version not found: " + version.name() + "@" + version.spec()));
            http.sendJson(ctx, views.version(manifest, version.name(), registryUrl), "application/json");
        } else if (path instanceof NpmPath.Tarball tarball) {
            LiveBody live = new LiveBody(ctx, () -> {
                SecurityHeaders.attachment(ctx, tarball.file());
                ctx.contentType("application/octet-stream");
                ctx.header(Header.CACHE_CONTROL, "public, max-age=31536000, immutable");
            });
            NpmResults.Tarball found =
                    reading.tarball(repository, tarball.name(), tarball.file(), readable(ctx, repository), live::start);
            if (live.started()) {
                return; // a proxy fetched it for this request and sent it as it arrived
            }
            String etag = "\"" + found.digest().hex() + "\"";
            ctx.header(Header.ETAG, etag);
            ctx.header(Header.CACHE_CONTROL, "public, max-age=31536000, immutable");
            if (etag.equals(ctx.header(Header.IF_NONE_MATCH))) {
                ctx.status(304);
                return;
            }
            SecurityHeaders.attachment(ctx, tarball.file());
            ctx.contentType("application/octet-stream");
            ctx.header(Header.CONTENT_LENGTH, Long.toString(found.size()));
            if (!ctx.method().equals(HandlerType.HEAD)) {
                ctx.result(PromisedBody.of(ctx, reading.open(found), found.size()));
            }
        } else {
            throw http.unknownPath(ctx);
        }
    }

    /** What the caller may read in {@code repository}'s members: its own rights on each decide. */
    private BiPredicate<RepositorySpec, NpmPackageName> readable(Context ctx, RepositorySpec repository) {
        Principal caller = AccessGuard.principal(ctx);
        return (member, name) ->
                authorizer.allowsThrough(caller, repository, member, name.toString(), AccessAction.READ);
    }

    private void write(Context ctx) {
        RepositorySpec repository = http.guardedRepository(ctx);
        NpmPath path = NpmPath.parse(ctx.pathParam("rest"));
        if (path instanceof NpmPath.Packument packument) {
            publishing.put(new NpmRequests.PutRequest(
                    repository,
                    packument.name(),
                    http.caller(ctx),
                    RequestBodies.partlyCapped(
                            ctx, RequestBodies.PACKAGE_DOCUMENT, "a package document (apart from its tarball)")));
            ctx.status(201);
            http.ok(ctx);
        } else if (path instanceof NpmPath.PackumentRev rev) {
            requireDeleteRight(ctx, repository, rev.name());
            unpublishing.unpublishVersions(new NpmRequests.UnpublishVersionsRequest(
                    repository,
                    rev.name(),
                    http.caller(ctx),
                    rev.rev(),
                    RequestBodies.capped(ctx, RequestBodies.PACKAGE_DOCUMENT, "a package document")));
            http.ok(ctx);
        } else {
            throw http.unknownPath(ctx);
        }
    }

    private void delete(Context ctx) {
        RepositorySpec repository = http.guardedRepository(ctx);
        NpmPath path = NpmPath.parse(ctx.pathParam("rest"));
        if (path instanceof NpmPath.PackumentRev rev) {
            unpublishing.unpublishPackage(
                    new NpmRequests.UnpublishPackageRequest(repository, rev.name(), http.caller(ctx), rev.rev()));
            http.ok(ctx);
        } else if (path instanceof NpmPath.TarballRev tarball) {
            unpublishing.removeTarball(repository, tarball.name(), tarball.file());
            http.ok(ctx);
        } else {
            throw http.unknownPath(ctx);
        }
    }

    /** Unpublishing versions arrives as a PUT (write), but it deletes: the caller needs the delete right too. */
    private void requireDeleteRight(Context ctx, RepositorySpec repository, NpmPackageName name) {
        Principal caller = AccessGuard.principal(ctx);
        if (!authorizer.allows(caller, repository, name.toString(), AccessAction.DELETE)) {
            throw AccessDeniedException.forbidden("delete access to " + repository.name() + "/" + name + " denied");
        }
    }
}
