package io.enseada.registry.npm;

import static io.enseada.registry.npm.NpmHttp.BASE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.access.AccessGuard;
import io.enseada.registry.access.AccessRule;
import io.enseada.registry.access.Principal;
import io.enseada.registry.errors.AccessDeniedException;
import io.enseada.registry.http.ClientAddress;
import io.enseada.registry.http.ProtocolRoutes;
import io.enseada.registry.identity.TokenService;
import io.javalin.http.Context;
import java.util.List;

/**
 * The routes that name no package: {@code npm ping}, and the accounts of {@code npm login},
 * {@code logout}, {@code whoami} and {@code token}. Their rules name no repository, so each checks
 * that the repository exists and speaks npm itself.
 */
final class NpmAccountRoutes {
    /**
     * The path of {@code npm login} ({@code PUT /-/user/org.couchdb.user:<name>}), as a Jetty path
     * spec: the one route that reads a body before its caller is authenticated (the body carries
     * the credentials).
     */
    static final String LOGIN_PATH_SPEC = "^/npm/[^/]+/-/user/[^/]+$";

    private final NpmAccounts accounts;
    private final NpmHttp http;
    private final ObjectMapper json;

    NpmAccountRoutes(NpmAccounts accounts, NpmHttp http, ObjectMapper json) {
        this.accounts = accounts;
        this.http = http;
        this.json = json;
    }

    void register(ProtocolRoutes routes) {
        routes.get(
                BASE + "/-/ping",
                ctx -> {
                    http.npmRepository(ctx);
                    http.ok(ctx);
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
                    http.npmRepository(ctx);
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
    }

    private void whoami(Context ctx) {
        http.npmRepository(ctx);
        Principal caller = AccessGuard.principal(ctx);
        if (caller.isAnonymous()) {
            throw AccessDeniedException.authenticationRequired();
        }
        ctx.json(json.createObjectNode().put("username", caller.name()));
    }

    private void login(Context ctx) {
        http.npmRepository(ctx);
        String user = ctx.pathParam("user");
        if (!user.startsWith("org.couchdb.user:")) {
            throw NpmException.notFound("not found: -/user/" + user);
        }
        JsonNode body = http.readJson(ctx, "an npm login");
        TokenService.CreatedToken created = accounts.login(new NpmRequests.LoginRequest(
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
        http.npmRepository(ctx);
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
        http.npmRepository(ctx);
        JsonNode body = http.readJson(ctx, "a token request");
        // npm 11 asks for read-only as packages_and_scopes_permission, older CLIs as readonly.
        boolean readOnly = body.path("readonly").asBoolean(false)
                || "read-only"
                        .equals(body.path("packages_and_scopes_permission").asText(null));
        Integer expires =
                body.path("expires").canConvertToInt() && body.path("expires").asInt() > 0
                        ? body.path("expires").asInt()
                        : null;
        TokenService.CreatedToken created = accounts.create(new NpmRequests.TokenCreateRequest(
                AccessGuard.principal(ctx),
                body.path("password").asText(null),
                readOnly,
                body.path("name").asText(body.path("description").asText(null)),
                expires,
                ClientAddress.of(ctx)));
        ctx.json(tokenJson(created.details(), created.token()));
    }

    private void revokeToken(Context ctx, String keyOrToken) {
        http.npmRepository(ctx);
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
}
