package io.enseada.registry.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.access.AccessGuard;
import io.enseada.registry.access.AccessRule;
import io.enseada.registry.access.Authorizer;
import io.enseada.registry.access.Principal;
import io.enseada.registry.access.Restriction;
import io.enseada.registry.access.TokenGrants;
import io.enseada.registry.audit.Actor;
import io.enseada.registry.errors.AccessDeniedException;
import io.enseada.registry.http.ClientAddress;
import io.enseada.registry.http.PromisedBody;
import io.enseada.registry.http.ProtocolRoutes;
import io.enseada.registry.http.RequestBodies;
import io.enseada.registry.http.SecurityHeaders;
import io.enseada.registry.repository.RepositoryCatalog;
import io.enseada.registry.storage.BlobInfo;
import io.enseada.registry.storage.Digest;
import io.enseada.registry.storage.UploadState;
import io.enseada.shared.model.AccessAction;
import io.enseada.shared.model.Format;
import io.enseada.shared.model.RepositorySpec;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.Header;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The distribution API on {@code /v2}: the only OCI code that sees Javalin. A name has any number
 * of path segments, so every endpoint below {@code /v2/} is one wildcard route per method whose
 * path {@link OciPath} takes apart; the access rule reads repository and image path from it, and
 * the HTTP method decides the action (reads, pushes, deletes).
 */
public final class OciRoutes {
    static final String API_VERSION_HEADER = "Docker-Distribution-API-Version";
    static final String API_VERSION = "registry/2.0";
    private static final String PARSED = "enseada.oci.path";
    private static final Pattern CONTENT_RANGE = Pattern.compile("(?:bytes[ =])?(\\d+)-(\\d+)(?:/(?:\\d+|\\*))?");

    private final OciService service;
    private final RepositoryCatalog repositories;
    private final Authorizer authorizer;
    private final ObjectMapper json;

    public OciRoutes(OciService service, RepositoryCatalog repositories, Authorizer authorizer, ObjectMapper json) {
        this.service = service;
        this.repositories = repositories;
        this.authorizer = authorizer;
        this.json = json;
    }

    public void register(RoutesConfig config) {
        ProtocolRoutes routes = new ProtocolRoutes(config, OciErrors.PROTOCOL);
        routes.get("/v2", this::base, AccessRule.ANYONE); // and /v2/: trailing slashes do not count
        routes.get("/v2/_catalog", this::catalog, AccessRule.ANYONE);
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
        OciName from = ctx.queryParam("mount") == null ? null : parseOrNull(ctx.queryParam("from"));
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
    private void base(Context ctx) {
        if (ctx.header(Header.AUTHORIZATION) == null) {
            throw AccessDeniedException.authenticationRequired();
        }
        ctx.header(API_VERSION_HEADER, API_VERSION)
                .contentType("application/json")
                .result("{}");
    }

    /**
     * The names the caller may read, path rules included. Token-flow clients ask for the catalog
     * scope only when challenged for it, so a caller without credentials, or whose token lacks that
     * scope, is challenged; a token that has it lists what its subject may read.
     */
    private void catalog(Context ctx) {
        ctx.header(API_VERSION_HEADER, API_VERSION);
        Principal reader = catalogReader(ctx);
        Integer n = count(ctx);
        OciResults.Listing listing = service.catalog(n, ctx.queryParam("last"), name -> mayRead(reader, name));
        ObjectNode body = json.createObjectNode();
        ArrayNode names = body.putArray("repositories");
        listing.items().forEach(names::add);
        link(ctx, "/v2/_catalog", n, listing);
        ctx.contentType("application/json").result(body.toString());
    }

    /** Whose rights decide what the catalog lists; refuses a caller that must first get the catalog scope. */
    private static Principal catalogReader(Context ctx) {
        Principal caller = AccessGuard.principal(ctx);
        if (ctx.header(Header.AUTHORIZATION) == null) {
            throw AccessDeniedException.authenticationRequired(List.of(AccessDeniedException.Target.CATALOG));
        }
        if (caller.restriction() instanceof TokenGrants grants) {
            if (!grants.coversCatalog()) {
                throw AccessGuard.denied(
                        caller, "listing the catalog denied", List.of(AccessDeniedException.Target.CATALOG));
            }
            // The token endpoint grants the catalog only to callers with no bound of their own.
            return caller.restrictedTo(Restriction.NONE);
        }
        return caller;
    }

    /** GET and HEAD: a HEAD of a manifest or blob answers from the metadata alone, without opening the bytes. */
    private void get(Context ctx) {
        OciPath target = target(ctx);
        OciName name = target.name();
        boolean head = ctx.method().equals(HandlerType.HEAD);
        switch (target.endpoint()) {
            case MANIFEST -> {
                if (head) {
                    manifestHeaders(
                            ctx, service.statManifest(repository(ctx), name, Reference.lookup(target.argument())));
                    return;
                }
                OciResults.ManifestRead read = service.readManifest(
                        repository(ctx),
                        name,
                        Reference.lookup(target.argument()),
                        java.util.Collections.list(ctx.req().getHeaders("Accept")));
                manifestHeaders(ctx, read.info());
                ctx.result(read.content());
            }
            case BLOB -> {
                if (head) {
                    BlobInfo info = service.statBlob(repository(ctx), name, OciDigests.parse(target.argument()));
                    blobHeaders(ctx, info.digest());
                    ctx.header("Content-Length", Long.toString(info.size()));
                    return;
                }
                getBlob(ctx, name, OciDigests.parse(target.argument()));
            }
            case UPLOAD -> {
                // Read access, as distribution; the session is found only for its creator.
                uploadHeaders(ctx, name, service.uploadStatus(session(ctx, target)));
                ctx.status(204);
            }
            case TAGS -> {
                Integer n = count(ctx);
                OciResults.Listing listing = service.tags(repository(ctx), name, n, ctx.queryParam("last"));
                ObjectNode body = json.createObjectNode().put("name", name.toString());
                ArrayNode tags = body.putArray("tags");
                listing.items().forEach(tags::add);
                link(ctx, "/v2/" + name + "/tags/list", n, listing);
                ctx.contentType("application/json").result(body.toString());
            }
            case REFERRERS -> {
                String artifactType = ctx.queryParam("artifactType");
                OciResults.Referrers referrers =
                        service.referrers(repository(ctx), name, OciDigests.parse(target.argument()), artifactType);
                ObjectNode index =
                        json.createObjectNode().put("schemaVersion", 2).put("mediaType", MediaTypes.OCI_INDEX);
                ArrayNode manifests = index.putArray("manifests");
                referrers.descriptors().forEach(descriptor -> manifests.add(json.<JsonNode>valueToTree(descriptor)));
                if (referrers.filtered()) {
                    ctx.header("OCI-Filters-Applied", "artifactType");
                }
                ctx.contentType(MediaTypes.OCI_INDEX).result(index.toString());
            }
            case UPLOADS -> throw unsupported(ctx);
        }
    }

    private void getBlob(Context ctx, OciName name, Digest digest) {
        OciResults.BlobRead read;
        try {
            read = service.readBlob(repository(ctx), name, digest, ctx.header("Range"));
        } catch (ByteRange.NotSatisfiable e) {
            ctx.status(416).header("Content-Range", "bytes */" + e.total()).header("Content-Length", "0");
            return;
        }
        blobHeaders(ctx, digest);
        if (read.range() != null) {
            ctx.status(206)
                    .header("Content-Range", read.range().contentRange())
                    .header("Content-Length", Long.toString(read.range().length()));
        } else {
            ctx.header("Content-Length", Long.toString(read.size()));
        }
        ctx.result(PromisedBody.of(
                ctx, read.content(), read.range() != null ? read.range().length() : read.size()));
    }

    private void post(Context ctx) {
        OciPath target = target(ctx);
        if (target.endpoint() != OciPath.Endpoint.UPLOADS) {
            throw unsupported(ctx);
        }
        OciName name = target.name();
        Principal caller = AccessGuard.principal(ctx);
        String mount = ctx.queryParam("mount");
        if (mount != null) {
            Optional<BlobInfo> mounted = mount(ctx, caller, name, mount);
            if (mounted.isPresent()) {
                created(ctx, name, mounted.get());
                return;
            }
        } else if (ctx.queryParam("digest") != null) {
            created(
                    ctx,
                    name,
                    service.uploadMonolithic(
                            repository(ctx), name, ctx.queryParam("digest"), RequestBodies.stream(ctx)));
            return;
        }
        UploadState state = service.startUpload(repository(ctx), name, caller.subject());
        uploadHeaders(ctx, name, state);
        ctx.status(202);
    }

    /**
     * Mounts from {@code from} when the caller could pull from it (path rules and the bounds of its
     * token included); without {@code from}, from any name holding the blob that the caller could
     * pull from. Otherwise the client uploads the blob: a mount it may not make is a plain upload,
     * never a refusal, so no client fails a push over an optimisation.
     */
    private Optional<BlobInfo> mount(Context ctx, Principal caller, OciName name, String digest) {
        String fromParameter = ctx.queryParam("from");
        OciName from = parseOrNull(fromParameter);
        if (fromParameter != null && from == null) {
            return Optional.empty();
        }
        return service.mount(
                new OciRequests.Mount(repository(ctx), name, digest, from, source -> mayRead(caller, source)));
    }

    private void patch(Context ctx) {
        OciPath target = target(ctx);
        if (target.endpoint() != OciPath.Endpoint.UPLOAD) {
            throw unsupported(ctx);
        }
        UploadState state = service.appendChunk(chunk(ctx, target));
        uploadHeaders(ctx, target.name(), state);
        ctx.status(202);
    }

    private void put(Context ctx) {
        OciPath target = target(ctx);
        OciName name = target.name();
        switch (target.endpoint()) {
            case MANIFEST -> {
                Reference reference = Reference.parse(target.argument());
                OciResults.ManifestInfo pushed = service.putManifest(new OciRequests.PutManifest(
                        repository(ctx),
                        name,
                        reference,
                        ctx.header("Content-Type"),
                        RequestBodies.declaredLength(ctx),
                        RequestBodies.stream(ctx),
                        actor(ctx)));
                ctx.header("Location", "/v2/" + name + "/manifests/" + pushed.digest())
                        .header("Docker-Content-Digest", pushed.digest().toString());
                if (pushed.subject() != null) {
                    ctx.header("OCI-Subject", pushed.subject().toString());
                }
                ctx.status(201);
            }
            case UPLOAD -> {
                OciRequests.Chunk last = hasBody(ctx) ? chunk(ctx, target) : null;
                BlobInfo info = service.completeUpload(
                        new OciRequests.CompleteUpload(session(ctx, target), ctx.queryParam("digest"), last));
                created(ctx, name, info);
            }
            default -> throw unsupported(ctx);
        }
    }

    private void delete(Context ctx) {
        OciPath target = target(ctx);
        OciName name = target.name();
        switch (target.endpoint()) {
            case MANIFEST -> {
                Reference reference = Reference.lookup(target.argument());
                service.deleteManifest(repository(ctx), name, reference, actor(ctx));
                ctx.status(202);
            }
            case BLOB -> {
                Digest digest = OciDigests.parse(target.argument());
                service.deleteBlob(repository(ctx), name, digest, actor(ctx));
                ctx.status(202);
            }
            case UPLOAD -> {
                service.cancelUpload(session(ctx, target));
                ctx.status(204);
            }
            default -> throw unsupported(ctx);
        }
    }

    // ---- helpers ----

    private OciRequests.Chunk chunk(Context ctx, OciPath target) {
        Long start = null;
        Long end = null;
        String contentRange = ctx.header("Content-Range");
        if (contentRange != null) {
            Matcher m = CONTENT_RANGE.matcher(contentRange.trim());
            if (!m.matches()) {
                throw OciError.RANGE_INVALID.exception("malformed Content-Range: " + contentRange);
            }
            try {
                start = Long.parseLong(m.group(1));
                end = Long.parseLong(m.group(2));
            } catch (NumberFormatException e) {
                throw OciError.RANGE_INVALID.exception("Content-Range out of range: " + contentRange);
            }
        }
        long length = RequestBodies.declaredLength(ctx);
        Long contentLength = length < 0 ? null : length;
        InputStream body = RequestBodies.stream(ctx);
        return new OciRequests.Chunk(session(ctx, target), start, end, contentLength, body);
    }

    /** The session the path names, as the caller's: a session is found only in its own name and by its own creator. */
    private static OciRequests.Session session(Context ctx, OciPath target) {
        return new OciRequests.Session(
                repository(ctx), target.name(), AccessGuard.principal(ctx).subject(), target.argument());
    }

    /** The repository the guard found for the request's name (every route below {@code /v2/} has a repository rule). */
    private static RepositorySpec repository(Context ctx) {
        return AccessGuard.repository(ctx);
    }

    private static Actor actor(Context ctx) {
        return new Actor(AccessGuard.principal(ctx), ClientAddress.of(ctx));
    }

    private static boolean hasBody(Context ctx) {
        String length = ctx.header("Content-Length");
        if (length != null) {
            return !length.trim().equals("0");
        }
        return ctx.header("Transfer-Encoding") != null;
    }

    private boolean mayRead(Principal caller, OciName name) {
        return repositories
                .find(name.repository())
                .filter(repository -> repository.format() == Format.OCI)
                .map(repository -> authorizer.allows(caller, repository, name.image(), AccessAction.READ))
                .orElse(false);
    }

    private static OciName parseOrNull(String text) {
        try {
            return text == null ? null : OciName.parse(text);
        } catch (OciException e) {
            return null;
        }
    }

    private static Integer count(Context ctx) {
        String n = ctx.queryParam("n");
        if (n == null || n.isEmpty()) {
            return null;
        }
        try {
            int value = Integer.parseInt(n);
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw OciError.UNSUPPORTED.exception("n must be a non-negative number, not " + n);
        }
    }

    private static void link(Context ctx, String path, Integer n, OciResults.Listing listing) {
        if (listing.last() != null) {
            ctx.header(
                    "Link",
                    "<" + path + "?n=" + n + "&last=" + URLEncoder.encode(listing.last(), StandardCharsets.UTF_8)
                            + ">; rel=\"next\"");
        }
    }

    private static void created(Context ctx, OciName name, BlobInfo info) {
        ctx.status(201)
                .header("Location", "/v2/" + name + "/blobs/" + info.digest())
                .header("Docker-Content-Digest", info.digest().toString())
                .header("Content-Length", "0");
    }

    private static void manifestHeaders(Context ctx, OciResults.ManifestInfo info) {
        ctx.contentType(info.mediaType())
                .header("Docker-Content-Digest", info.digest().toString())
                .header("ETag", "\"" + info.digest() + "\"")
                .header("Content-Length", Long.toString(info.size()));
    }

    private static void blobHeaders(Context ctx, Digest digest) {
        SecurityHeaders.attachment(ctx, digest.toString());
        ctx.contentType("application/octet-stream")
                .header("Docker-Content-Digest", digest.toString())
                .header("ETag", "\"" + digest + "\"")
                .header("Cache-Control", "max-age=31536000, immutable")
                .header("Accept-Ranges", "bytes");
    }

    private static void uploadHeaders(Context ctx, OciName name, UploadState state) {
        ctx.header("Location", "/v2/" + name + "/blobs/uploads/" + state.id())
                .header("Range", uploadRange(state))
                .header("Docker-Upload-UUID", state.id())
                .header("Content-Length", "0");
    }

    /** What a session holds, as the {@code Range} header says it: {@code 0-<last byte>}, and {@code 0-0} while empty. */
    static String uploadRange(UploadState state) {
        return "0-" + Math.max(0, state.size() - 1);
    }

    private static OciException unsupported(Context ctx) {
        return OciError.METHOD_UNSUPPORTED.exception(ctx.method() + " is not supported on " + ctx.path());
    }
}
