package io.enseada.registry.oci;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.access.AccessGuard;
import io.enseada.registry.access.Principal;
import io.enseada.registry.access.Restriction;
import io.enseada.registry.access.TokenGrants;
import io.enseada.registry.errors.AccessDeniedException;
import io.javalin.http.Context;
import io.javalin.http.Header;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** {@code /v2/_catalog} and {@code /v2/<name>/tags/list}, paged with {@code n} and {@code last} and a {@code Link} to the next page. */
final class ListingRoutes {
    private final OciReads reads;
    private final ReadableNames readable;
    private final ObjectMapper json;

    ListingRoutes(OciReads reads, ReadableNames readable, ObjectMapper json) {
        this.reads = reads;
        this.readable = readable;
        this.json = json;
    }

    /**
     * The names the caller may read, path rules included. Token-flow clients ask for the catalog
     * scope only when challenged for it, so a caller without credentials, or whose token lacks that
     * scope, is challenged; a token that has it lists what its subject may read.
     */
    void catalog(Context ctx) {
        ctx.header(OciRoutes.API_VERSION_HEADER, OciRoutes.API_VERSION);
        Principal reader = catalogReader(ctx);
        Integer n = count(ctx);
        OciResults.Listing listing = reads.catalog(
                n,
                ctx.queryParam("last"),
                readable.of(reader),
                (group, image) -> readable.members(reader, group, image));
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

    void tags(Context ctx, OciPath target) {
        OciName name = target.name();
        Integer n = count(ctx);
        OciResults.Listing listing = reads.tags(
                OciContext.repository(ctx),
                name,
                n,
                ctx.queryParam("last"),
                readable.members(OciContext.principal(ctx), OciContext.repository(ctx), name.image()));
        ObjectNode body = json.createObjectNode().put("name", name.toString());
        ArrayNode tags = body.putArray("tags");
        listing.items().forEach(tags::add);
        link(ctx, "/v2/" + name + "/tags/list", n, listing);
        ctx.contentType("application/json").result(body.toString());
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
}
