package io.enseada.registry.npm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.access.AccessGuard;
import io.enseada.registry.access.AccessRule;
import io.enseada.registry.access.Authorizer;
import io.enseada.registry.access.Principal;
import io.enseada.registry.audit.Actor;
import io.enseada.registry.errors.AccessDeniedException;
import io.enseada.registry.http.ClientAddress;
import io.enseada.registry.http.PromisedBody;
import io.enseada.registry.http.ProtocolRoutes;
import io.enseada.registry.http.PublicUrl;
import io.enseada.registry.http.RequestBodies;
import io.enseada.registry.http.SecurityHeaders;
import io.enseada.registry.identity.TokenService;
import io.enseada.registry.repository.RepositoryCatalog;
import io.enseada.shared.model.AccessAction;
import io.enseada.shared.model.Format;
import io.enseada.shared.model.RepositorySpec;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.Header;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

/**
 * The npm registry API under {@code /npm/<repository>/}: the only npm code that sees Javalin.
 * Each route states its access rule; the handlers turn requests into service calls and answers
 * into the JSON the CLI expects, errors as {@code {"error": "..."}}.
 */
public final class NpmRoutes {
    static final String ABBREVIATED = "application/vnd.npm.install-v1+json";
    private static final String BASE = "/npm/{repository}";
    /**
     * The path of {@code npm login} ({@code PUT /-/user/org.couchdb.user:<name>}), as a Jetty path
     * spec: the one route that reads a body before its caller is authenticated (the body carries
     * the credentials).
     */
    public static final String LOGIN_PATH_SPEC = "^/npm/[^/]+/-/user/[^/]+$";

    private final NpmService service;
    private final NpmAccounts accounts;
    private final PackumentViews views;
    private final RepositoryCatalog repositories;
    private final Authorizer authorizer;
    private final PublicUrl publicUrl;
    private final ObjectMapper json;
    private final Clock clock;

    NpmRoutes(
            NpmService service,
            NpmAccounts accounts,
            RepositoryCatalog repositories,
            Authorizer authorizer,
            PublicUrl publicUrl,
            ObjectMapper json,
            Clock clock) {
        this.service = service;
        this.accounts = accounts;
        this.views = new PackumentViews(json);
        this.repositories = repositories;
        this.authorizer = authorizer;
        this.publicUrl = publicUrl;
        this.json = json;
        this.clock = clock;
    }

    public void register(RoutesConfig config) {
        ProtocolRoutes routes = new ProtocolRoutes(config, NpmErrors.PROTOCOL);
        Function<Context, String> repository = ctx -> ctx.pathParam("repository");
        Function<Context, String> restPackage = ctx -> NpmPath.packageOf(ctx.pathParam("rest"));
        Function<Context, String> tagPackage = ctx -> DistTagPath.packageOf(ctx.pathParam("rest"));

        routes.get(
                BASE + "/-/ping",
                ctx -> {
                    npmRepository(ctx);
                    ok(ctx);
                },
                AccessRule.ANYONE);
        routes.get(BASE + "/-/whoami", this::whoami, AccessRule.ANYONE);
        routes.put(BASE + "/-/user/{user}", this::login, AccessRule.ANYONE);
        routes.delete(
                BASE + "/-/user/token/{token}",
                ctx -> revokeToken(ctx, ctx.pathParam("token")),
                AccessRule.AUTHENTICATED);
        routes.post(
                BASE + "/-/v1/login",
                ctx -> {
                    npmRepository(ctx);
                    throw NpmException.notFound(
                            "web login is not offered by this registry: run npm login --auth-type=legacy");
                },
                AccessRule.ANYONE);
        routes.get(BASE + "/-/npm/v1/tokens", this::listTokens, AccessRule.AUTHENTICATED);
        routes.post(BASE + "/-/npm/v1/tokens", this::createToken, AccessRule.AUTHENTICATED);
        routes.delete(
                BASE + "/-/npm/v1/tokens/token/{token}",
                ctx -> revokeToken(ctx, ctx.pathParam("token")),
                AccessRule.AUTHENTICATED);

        routes.get(BASE + "/-/v1/search", this::search, AccessRule.on(Format.NPM, AccessAction.READ, repository));
        routes.post(
                BASE + "/-/npm/v1/security/advisories/bulk",
                ctx -> noAdvisories(ctx, false),
                AccessRule.on(Format.NPM, AccessAction.READ, repository));
        routes.post(
                BASE + "/-/npm/v1/security/audits/quick",
                ctx -> noAdvisories(ctx, true),
                AccessRule.on(Format.NPM, AccessAction.READ, repository));

        routes.get(
                BASE + "/-/package/<rest>",
                this::getDistTags,
                AccessRule.on(Format.NPM, AccessAction.READ, repository, tagPackage));
        routes.put(
                BASE + "/-/package/<rest>",
                this::putDistTag,
                AccessRule.on(Format.NPM, AccessAction.WRITE, repository, tagPackage));
        routes.delete(
                BASE + "/-/package/<rest>",
                this::deleteDistTag,
                AccessRule.on(Format.NPM, AccessAction.WRITE, repository, tagPackage));

        routes.get(BASE + "/<rest>", this::read, AccessRule.on(Format.NPM, AccessAction.READ, repository, restPackage));
        routes.put(
                BASE + "/<rest>", this::write, AccessRule.on(Format.NPM, AccessAction.WRITE, repository, restPackage));
        routes.delete(
                BASE + "/<rest>",
                this::delete,
                AccessRule.on(Format.NPM, AccessAction.DELETE, repository, restPackage));
    }

    // ---------------------------------------------------------------- packages

    private void read(Context ctx) {
        RepositorySpec repository = guardedRepository(ctx);
        NpmPath path = NpmPath.parse(ctx.pathParam("rest"));
        String registryUrl = registryUrl(ctx, repository);
        if (path instanceof NpmPath.Packument packument) {
            StoredPackument stored = service.requirePackument(repository, packument.name());
            boolean abbreviated = accepts(ctx, ABBREVIATED);
            sendJson(
                    ctx,
                    abbreviated ? views.abbreviated(stored, registryUrl) : views.full(stored, registryUrl),
                    abbreviated ? ABBREVIATED : "application/json");
        } else if (path instanceof NpmPath.Version version) {
            StoredPackument stored = service.requirePackument(repository, version.name());
            ObjectNode manifest = stored.versionOrTag(version.spec())
                    .orElseThrow(
                            () -> NpmException.notFound("version not found: " + version.name() + "@" + version.spec()));
            sendJson(ctx, views.version(manifest, version.name(), registryUrl), "application/json");
        } else if (path instanceof NpmPath.Tarball tarball) {
            NpmResults.Tarball found = service.tarball(repository, tarball.name(), tarball.file());
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
                ctx.result(PromisedBody.of(ctx, service.open(found), found.size()));
            }
        } else {
            throw unknownPath(ctx);
        }
    }

    private void write(Context ctx) {
        RepositorySpec repository = guardedRepository(ctx);
        NpmPath path = NpmPath.parse(ctx.pathParam("rest"));
        if (path instanceof NpmPath.Packument packument) {
            service.put(new NpmRequests.PutRequest(
                    repository,
                    packument.name(),
                    caller(ctx),
                    RequestBodies.partlyCapped(
                            ctx, RequestBodies.PACKAGE_DOCUMENT, "a package document (apart from its tarball)")));
            ctx.status(201);
            ok(ctx);
        } else if (path instanceof NpmPath.PackumentRev rev) {
            requireDeleteRight(ctx, repository, rev.name());
            service.unpublishVersions(new NpmRequests.UnpublishVersionsRequest(
                    repository,
                    rev.name(),
                    caller(ctx),
                    rev.rev(),
                    RequestBodies.capped(ctx, RequestBodies.PACKAGE_DOCUMENT, "a package document")));
            ok(ctx);
        } else {
            throw unknownPath(ctx);
        }
    }

    private void delete(Context ctx) {
        RepositorySpec repository = guardedRepository(ctx);
        NpmPath path = NpmPath.parse(ctx.pathParam("rest"));
        if (path instanceof NpmPath.PackumentRev rev) {
            service.unpublishPackage(
                    new NpmRequests.UnpublishPackageRequest(repository, rev.name(), caller(ctx), rev.rev()));
            ok(ctx);
        } else if (path instanceof NpmPath.TarballRev tarball) {
            service.removeTarball(repository, tarball.name(), tarball.file());
            ok(ctx);
        } else {
            throw unknownPath(ctx);
        }
    }

    /** Unpublishing versions arrives as a PUT (write), but it deletes: the caller needs the delete right too. */
    private void requireDeleteRight(Context ctx, RepositorySpec repository, NpmPackageName name) {
        Principal caller = AccessGuard.principal(ctx);
        if (!authorizer.allows(caller, repository, name.toString(), AccessAction.DELETE)) {
            throw AccessDeniedException.forbidden("delete access to " + repository.name() + "/" + name + " denied");
        }
    }

    // ---------------------------------------------------------------- dist-tags

    /** {@code <pkg>/dist-tags} or {@code <pkg>/dist-tags/<tag>} below {@code /-/package/}. */
    record DistTagPath(NpmPackageName name, String tag) {
        static DistTagPath parse(String rest) {
            List<String> segments = Arrays.asList(rest.replace("%2f", "/")
                    .replace("%2F", "/")
                    .replace("%40", "@")
                    .split("/"));
            int at = segments.lastIndexOf("dist-tags");
            if (at < 1 || at < segments.size() - 2) {
                throw NpmException.notFound("not found: -/package/" + rest);
            }
            NpmPackageName name = NpmPackageName.parse(String.join("/", segments.subList(0, at)));
            return new DistTagPath(name, at == segments.size() - 1 ? null : segments.get(at + 1));
        }

        static String packageOf(String rest) {
            try {
                return parse(rest).name().toString();
            } catch (NpmException e) {
                return null;
            }
        }
    }

    private static DistTagPath distTagPath(Context ctx, boolean withTag) {
        DistTagPath path = DistTagPath.parse(ctx.pathParam("rest"));
        if ((path.tag() != null) != withTag) {
            throw unknownPath(ctx);
        }
        return path;
    }

    private void getDistTags(Context ctx) {
        RepositorySpec repository = guardedRepository(ctx);
        DistTagPath path = distTagPath(ctx, false);
        sendJson(ctx, json.valueToTree(service.distTags(repository, path.name())), "application/json");
    }

    private void putDistTag(Context ctx) {
        RepositorySpec repository = guardedRepository(ctx);
        DistTagPath path = distTagPath(ctx, true);
        JsonNode version = readJson(ctx, "a dist-tag");
        if (!version.isTextual()) {
            throw NpmException.badRequest("the body must be the version, as a JSON string");
        }
        service.setDistTag(
                new NpmRequests.DistTagRequest(repository, path.name(), caller(ctx), path.tag(), version.asText()));
        ctx.status(201);
        sendJson(ctx, json.valueToTree(service.distTags(repository, path.name())), "application/json");
    }

    private void deleteDistTag(Context ctx) {
        RepositorySpec repository = guardedRepository(ctx);
        DistTagPath path = distTagPath(ctx, true);
        service.removeDistTag(new NpmRequests.DistTagRequest(repository, path.name(), caller(ctx), path.tag(), null));
        sendJson(ctx, json.valueToTree(service.distTags(repository, path.name())), "application/json");
    }

    // ---------------------------------------------------------------- search and audit

    private void search(Context ctx) {
        RepositorySpec repository = guardedRepository(ctx);
        int size = Math.max(1, Math.min(250, intParam(ctx, "size", 20)));
        int from = Math.max(0, intParam(ctx, "from", 0));
        Principal caller = AccessGuard.principal(ctx);
        NpmResults.SearchResult result = service.search(new NpmRequests.SearchRequest(
                repository,
                ctx.queryParam("text"),
                size,
                from,
                name -> authorizer.allows(caller, repository, name.toString(), AccessAction.READ)));
        ObjectNode body = json.createObjectNode();
        ArrayNode objects = body.putArray("objects");
        for (NpmResults.SearchHit hit : result.hits()) {
            ObjectNode latest = hit.latest();
            NpmPackageName name = NpmPackageName.parse(latest.path("name").asText());
            ObjectNode object = objects.addObject();
            ObjectNode pkg = object.putObject("package");
            pkg.put("name", name.toString());
            pkg.put("scope", name.scoped() ? name.scope() : "unscoped");
            pkg.put("version", latest.path("version").asText());
            pkg.put("description", latest.path("description").asText(""));
            pkg.set("keywords", latest.has("keywords") ? latest.get("keywords") : json.createArrayNode());
            pkg.put("date", hit.modified());
            pkg.putObject("links").put("npm", registryUrl(ctx, repository) + "/" + name);
            String publisher = latest.path("_npmUser").path("name").asText("");
            pkg.putObject("publisher").put("username", publisher);
            pkg.putArray("maintainers").addObject().put("username", publisher);
            ObjectNode score = object.putObject("score").put("final", 1.0);
            score.putObject("detail").put("quality", 1.0).put("popularity", 1.0).put("maintenance", 1.0);
            object.put("searchScore", 1.0);
        }
        body.put("total", result.total());
        body.put("time", clock.instant().toString());
        ctx.json(body);
    }

    /** A hosted registry knows of no advisories; answering so keeps {@code npm audit} and installs working. */
    private void noAdvisories(Context ctx, boolean quick) {
        guardedRepository(ctx);
        if (!quick) {
            ctx.json(json.createObjectNode());
            return;
        }
        ObjectNode body = json.createObjectNode();
        body.putArray("actions");
        body.putObject("advisories");
        body.putArray("muted");
        ObjectNode metadata = body.putObject("metadata");
        metadata.putObject("vulnerabilities")
                .put("info", 0)
                .put("low", 0)
                .put("moderate", 0)
                .put("high", 0)
                .put("critical", 0);
        metadata.put("dependencies", 0)
                .put("devDependencies", 0)
                .put("optionalDependencies", 0)
                .put("totalDependencies", 0);
        ctx.json(body);
    }

    // ---------------------------------------------------------------- accounts

    private void whoami(Context ctx) {
        npmRepository(ctx);
        Principal caller = AccessGuard.principal(ctx);
        if (caller.isAnonymous()) {
            throw AccessDeniedException.authenticationRequired();
        }
        ctx.json(json.createObjectNode().put("username", caller.name()));
    }

    private void login(Context ctx) {
        npmRepository(ctx);
        String user = ctx.pathParam("user");
        if (!user.startsWith("org.couchdb.user:")) {
            throw NpmException.notFound("not found: -/user/" + user);
        }
        JsonNode body = readJson(ctx, "an npm login");
        TokenService.CreatedToken created = accounts.login(new NpmAccounts.LoginRequest(
                user.substring("org.couchdb.user:".length()),
                body.path("name").asText(null),
                body.path("password").asText(null),
                ClientAddress.of(ctx)));
        ctx.status(201)
                .json(json.createObjectNode()
                        .put("ok", true)
                        .put("id", user)
                        .put("rev", "1-enseada")
                        .put("token", created.token()));
    }

    private void listTokens(Context ctx) {
        npmRepository(ctx);
        ObjectNode body = json.createObjectNode();
        ArrayNode objects = body.putArray("objects");
        List<TokenService.TokenView> tokens = accounts.list(AccessGuard.principal(ctx));
        for (TokenService.TokenView token : tokens) {
            objects.add(tokenJson(token, null));
        }
        body.put("total", tokens.size());
        body.putObject("urls");
        ctx.json(body);
    }

    private void createToken(Context ctx) {
        npmRepository(ctx);
        JsonNode body = readJson(ctx, "a token request");
        // npm 11 asks for read-only as packages_and_scopes_permission, older CLIs as readonly.
        boolean readOnly = body.path("readonly").asBoolean(false)
                || "read-only"
                        .equals(body.path("packages_and_scopes_permission").asText(null));
        Integer expires =
                body.path("expires").canConvertToInt() && body.path("expires").asInt() > 0
                        ? body.path("expires").asInt()
                        : null;
        TokenService.CreatedToken created = accounts.create(new NpmAccounts.TokenCreateRequest(
                AccessGuard.principal(ctx),
                body.path("password").asText(null),
                readOnly,
                body.path("name").asText(body.path("description").asText(null)),
                expires,
                ClientAddress.of(ctx)));
        ctx.json(tokenJson(created.details(), created.token()));
    }

    private void revokeToken(Context ctx, String keyOrToken) {
        npmRepository(ctx);
        accounts.revoke(AccessGuard.principal(ctx), keyOrToken, ClientAddress.of(ctx));
        ctx.status(204);
    }

    private ObjectNode tokenJson(TokenService.TokenView token, String secret) {
        ObjectNode node = json.createObjectNode();
        node.put("token", secret != null ? secret : "ens_" + token.id());
        node.put("key", token.id());
        node.put("name", token.description());
        node.putNull("cidr_whitelist");
        node.put("readonly", !token.scope().isEmpty());
        node.put("automation", false);
        node.put("created", token.createdAt().toString());
        node.put("updated", token.createdAt().toString());
        if (token.expiresAt() != null) {
            node.put("expires", token.expiresAt().toString());
        }
        return node;
    }

    // ---------------------------------------------------------------- helpers

    /** The npm repository the guard found and checked access to. */
    private static RepositorySpec guardedRepository(Context ctx) {
        return AccessGuard.repository(ctx);
    }

    /** For routes whose rule names no repository (accounts, ping): the named repository, if it exists and speaks npm. */
    private RepositorySpec npmRepository(Context ctx) {
        String name = ctx.pathParam("repository");
        return repositories
                .find(name)
                .filter(repository -> repository.format() == Format.NPM)
                .orElseThrow(() -> NpmException.notFound("repository " + name + " not found"));
    }

    private String registryUrl(Context ctx, RepositorySpec repository) {
        return publicUrl.base(ctx) + "/npm/" + repository.name();
    }

    private static NpmException unknownPath(Context ctx) {
        return NpmException.notFound("not found: " + ctx.pathParam("rest"));
    }

    private static Actor caller(Context ctx) {
        return new Actor(AccessGuard.principal(ctx), ClientAddress.of(ctx));
    }

    private void ok(Context ctx) {
        ctx.json(json.createObjectNode().put("ok", true));
    }

    /** The small JSON bodies of the account and tag routes; login reads one before anyone is authenticated. */
    private JsonNode readJson(Context ctx, String what) {
        try {
            JsonNode node = json.readTree(RequestBodies.read(ctx, RequestBodies.SMALL_JSON, what));
            if (node == null || node.isMissingNode()) {
                throw NpmException.badRequest("a JSON body is required");
            }
            return node;
        } catch (IOException e) {
            throw NpmException.badRequest("the body is not valid JSON");
        }
    }

    private static boolean accepts(Context ctx, String type) {
        String accept = ctx.header(Header.ACCEPT);
        return accept != null && accept.contains(type);
    }

    private static int intParam(Context ctx, String name, int fallback) {
        String value = ctx.queryParam(name);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw NpmException.badRequest(name + " must be a number");
        }
    }

    /**
     * Metadata answers carry a validator of their exact bytes and must be revalidated, so an
     * install right after a publish never uses a stale packument, and a revalidation is a 304.
     */
    private void sendJson(Context ctx, JsonNode body, String contentType) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String etag = "W/\"" + sha256(bytes).substring(0, 40) + "\"";
        ctx.header(Header.ETAG, etag);
        ctx.header(Header.CACHE_CONTROL, "no-cache");
        ctx.header(Header.VARY, "Accept, Accept-Encoding, Authorization");
        String ifNoneMatch = ctx.header(Header.IF_NONE_MATCH);
        if (ifNoneMatch != null
                && Arrays.stream(ifNoneMatch.split(","))
                        .map(tag -> tag.trim().replaceFirst("^W/", ""))
                        .anyMatch(etag.substring(2)::equals)) {
            ctx.status(304);
            return;
        }
        ctx.contentType(contentType + "; charset=utf-8").result(bytes);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
