package io.enseada.registry.npm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.registry.access.AccessGuard;
import io.enseada.registry.audit.Actor;
import io.enseada.registry.http.ClientAddress;
import io.enseada.registry.http.PublicUrl;
import io.enseada.registry.http.RequestBodies;
import io.enseada.registry.repository.RepositoryCatalog;
import io.enseada.shared.model.Format;
import io.enseada.shared.model.RepositorySpec;
import io.javalin.http.Context;
import io.javalin.http.Header;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Function;

/**
 * What every npm route shares: the repository a request names, the caller, the small JSON bodies
 * it reads and the JSON answers it sends, errors as {@code {"error": "..."}} by way of
 * {@link NpmException}.
 */
final class NpmHttp {
    static final String BASE = "/npm/{repository}";
    static final Function<Context, String> REPOSITORY = ctx -> ctx.pathParam("repository");

    private final RepositoryCatalog repositories;
    private final PublicUrl publicUrl;
    private final ObjectMapper json;

    NpmHttp(RepositoryCatalog repositories, PublicUrl publicUrl, ObjectMapper json) {
        this.repositories = repositories;
        this.publicUrl = publicUrl;
        this.json = json;
    }

    /** The npm repository the guard found and checked access to. */
    RepositorySpec guardedRepository(Context ctx) {
        return AccessGuard.repository(ctx);
    }

    /** For routes whose rule names no repository (accounts, ping): the named repository, if it exists and speaks npm. */
    RepositorySpec npmRepository(Context ctx) {
        String name = ctx.pathParam("repository");
        return repositories
                .find(name)
                .filter(repository -> repository.format() == Format.NPM)
                .orElseThrow(() -> NpmException.notFound("repository " + name + " not found"));
    }

    String registryUrl(Context ctx, RepositorySpec repository) {
        return publicUrl.base(ctx) + "/npm/" + repository.name();
    }

    NpmException unknownPath(Context ctx) {
        return NpmException.notFound("not found: " + ctx.pathParam("rest"));
    }

    Actor caller(Context ctx) {
        return new Actor(AccessGuard.principal(ctx), ClientAddress.of(ctx));
    }

    void ok(Context ctx) {
        ctx.json(json.createObjectNode().put("ok", true));
    }

    /** The small JSON bodies of the account and tag routes; login reads one before anyone is authenticated. */
    JsonNode readJson(Context ctx, String what) {
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

    boolean accepts(Context ctx, String type) {
        String accept = ctx.header(Header.ACCEPT);
        return accept != null && accept.contains(type);
    }

    int intParam(Context ctx, String name, int fallback) {
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
    void sendJson(Context ctx, JsonNode body, String contentType) {
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
