package io.enseada.registry.oci;

import io.enseada.registry.access.AccessRule;
import io.enseada.registry.errors.AccessDeniedException;
import io.enseada.registry.http.ProtocolRoutes;
import io.enseada.shared.model.AccessAction;
import io.enseada.shared.model.Format;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.Header;
import java.util.List;

/**
 * The distribution API on {@code /v2}: with the route classes it dispatches to, the only OCI code
 * that sees Javalin. A name has any number of path segments, so every endpoint below {@code /v2/}
 * is one wildcard route per method whose path {@link OciPath} takes apart; the access rule reads
 * repository and image path from it, the HTTP method decides the action (reads, pushes, deletes),
 * and the path's endpoint decides which route class answers.
 */
final class OciRoutes {
    static final String API_VERSION_HEADER = "Docker-Distribution-API-Version";
    static final String API_VERSION = "registry/2.0";
    private static final String PARSED = "enseada.oci.path";

    private final BlobRoutes blobs;
    private final UploadRoutes uploads;
    private final ManifestRoutes manifests;
    private final ListingRoutes listings;

    OciRoutes(BlobRoutes blobs, UploadRoutes uploads, ManifestRoutes manifests, ListingRoutes listings) {
        this.blobs = blobs;
        this.uploads = uploads;
        this.manifests = manifests;
        this.listings = listings;
    }

    void register(RoutesConfig config) {
        ProtocolRoutes routes = new ProtocolRoutes(config, OciErrors.PROTOCOL);
        routes.get("/v2", OciRoutes::base, AccessRule.ANYONE); // and /v2/: trailing slashes do not count
        routes.get("/v2/_catalog", listings::catalog, AccessRule.ANYONE);
        routes.get("/v2/*", this::get, rule(AccessAction.READ)); // HEAD too: ImplicitHead
        routes.post(
                "/v2/*",
                this::post,
                AccessRule.on(
                        Format.OCI,
                        AccessAction.WRITE,
                        ctx -> path(ctx).name().repository(),
                        ctx -> path(ctx).name().image(),
                        OciRoutes::mountSource));
        routes.patch("/v2/*", this::patch, rule(AccessAction.WRITE));
        routes.put("/v2/*", this::put, rule(AccessAction.WRITE));
        routes.delete("/v2/*", this::delete, rule(AccessAction.DELETE));
    }

    private static AccessRule rule(AccessAction action) {
        return AccessRule.on(
                Format.OCI,
                action,
                ctx -> path(ctx).name().repository(),
                ctx -> path(ctx).name().image());
    }

    /** A cross-repository mount also needs to read its source; a challenge asks for both. */
    private static List<AccessDeniedException.Target> mountSource(Context ctx) {
        OciName from = ctx.queryParam("mount") == null ? null : OciName.parseOrNull(ctx.queryParam("from"));
        return from == null
                ? List.of()
                : List.of(new AccessDeniedException.Target(from.repository(), from.image(), AccessAction.READ));
    }

    private static OciPath path(Context ctx) {
        OciPath parsed = ctx.attribute(PARSED);
        if (parsed == null) {
            parsed = OciPath.parse(ctx.path());
            ctx.attribute(PARSED, parsed);
        }
        return parsed;
    }

    /** The parsed path of a request the guard let through (it found an OCI repository). */
    private static OciPath target(Context ctx) {
        ctx.header(API_VERSION_HEADER, API_VERSION);
        return path(ctx);
    }

    /**
     * Clients probe {@code /v2/} to learn how to authenticate: without credentials it answers the
     * challenge; with any valid ones — an anonymous bearer token from the token endpoint included,
     * which is how docker pulls public images — it answers 200.
     */
    private static void base(Context ctx) {
        if (ctx.header(Header.AUTHORIZATION) == null) {
            throw AccessDeniedException.authenticationRequired();
        }
        ctx.header(API_VERSION_HEADER, API_VERSION)
                .contentType("application/json")
                .result("{}");
    }

    /** GET and HEAD: a HEAD of a manifest or blob answers from the metadata alone, without opening the bytes. */
    private void get(Context ctx) {
        OciPath target = target(ctx);
        boolean head = ctx.method().equals(HandlerType.HEAD);
        switch (target.endpoint()) {
            case MANIFEST -> {
                if (head) {
                    manifests.head(ctx, target);
                } else {
                    manifests.get(ctx, target);
                }
            }
            case BLOB -> {
                if (head) {
                    blobs.head(ctx, target);
                } else {
                    blobs.get(ctx, target);
                }
            }
            case UPLOAD -> uploads.status(ctx, target);
            case TAGS -> listings.tags(ctx, target);
            case REFERRERS -> manifests.referrers(ctx, target);
            case UPLOADS -> throw unsupported(ctx);
        }
    }

    private void post(Context ctx) {
        OciPath target = target(ctx);
        if (target.endpoint() != OciPath.Endpoint.UPLOADS) {
            throw unsupported(ctx);
        }
        uploads.post(ctx, target);
    }

    private void patch(Context ctx) {
        OciPath target = target(ctx);
        if (target.endpoint() != OciPath.Endpoint.UPLOAD) {
            throw unsupported(ctx);
        }
        uploads.patch(ctx, target);
    }

    private void put(Context ctx) {
        OciPath target = target(ctx);
        switch (target.endpoint()) {
            case MANIFEST -> manifests.put(ctx, target);
            case UPLOAD -> uploads.complete(ctx, target);
            default -> throw unsupported(ctx);
        }
    }

    private void delete(Context ctx) {
        OciPath target = target(ctx);
        switch (target.endpoint()) {
            case MANIFEST -> manifests.delete(ctx, target);
            case BLOB -> blobs.delete(ctx, target);
            case UPLOAD -> uploads.cancel(ctx, target);
            default -> throw unsupported(ctx);
        }
    }

    private static OciException unsupported(Context ctx) {
        return OciError.METHOD_UNSUPPORTED.exception(ctx.method() + " is not supported on " + ctx.path());
    }
}
