package io.enseada.registry.npm;

import static io.enseada.registry.npm.NpmHttp.BASE;
import static io.enseada.registry.npm.NpmHttp.REPOSITORY;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.registry.access.AccessRule;
import io.enseada.registry.http.ProtocolRoutes;
import io.enseada.shared.model.AccessAction;
import io.enseada.shared.model.Format;
import io.enseada.shared.model.RepositorySpec;
import io.javalin.http.Context;
import java.util.function.Function;

/** {@code npm dist-tag ls|add|rm}: {@code /npm/<repository>/-/package/<package>/dist-tags[/<tag>]}. */
final class NpmDistTagRoutes {
    private final NpmDistTags distTags;
    private final NpmHttp http;
    private final ObjectMapper json;

    NpmDistTagRoutes(NpmDistTags distTags, NpmHttp http, ObjectMapper json) {
        this.distTags = distTags;
        this.http = http;
        this.json = json;
    }

    void register(ProtocolRoutes routes) {
        Function<Context, String> tagPackage = ctx -> DistTagPath.packageOf(ctx.pathParam("rest"));
        routes.get(
                BASE + "/-/package/<rest>",
                this::getDistTags,
                AccessRule.on(Format.NPM, AccessAction.READ, REPOSITORY, tagPackage));
        routes.put(
                BASE + "/-/package/<rest>",
                this::putDistTag,
                AccessRule.on(Format.NPM, AccessAction.WRITE, REPOSITORY, tagPackage));
        routes.delete(
                BASE + "/-/package/<rest>",
                this::deleteDistTag,
                AccessRule.on(Format.NPM, AccessAction.WRITE, REPOSITORY, tagPackage));
    }

    private DistTagPath distTagPath(Context ctx, boolean withTag) {
        DistTagPath path = DistTagPath.parse(ctx.pathParam("rest"));
        if ((path.tag() != null) != withTag) {
            throw http.unknownPath(ctx);
        }
        return path;
    }

    private void getDistTags(Context ctx) {
        RepositorySpec repository = http.guardedRepository(ctx);
        DistTagPath path = distTagPath(ctx, false);
        sendDistTags(ctx, repository, path.name());
    }

    private void putDistTag(Context ctx) {
        RepositorySpec repository = http.guardedRepository(ctx);
        DistTagPath path = distTagPath(ctx, true);
        JsonNode version = http.readJson(ctx, "a dist-tag");
        if (!version.isTextual()) {
            throw NpmException.badRequest("the body must be the version, as a JSON string");
        }
        distTags.set(new NpmRequests.DistTagRequest(
                repository, path.name(), http.caller(ctx), path.tag(), version.asText()));
        ctx.status(201);
        sendDistTags(ctx, repository, path.name());
    }

    private void deleteDistTag(Context ctx) {
        RepositorySpec repository = http.guardedRepository(ctx);
        DistTagPath path = distTagPath(ctx, true);
        distTags.remove(new NpmRequests.DistTagRequest(repository, path.name(), http.caller(ctx), path.tag(), null));
        sendDistTags(ctx, repository, path.name());
    }

    /** Every change answers with the package's dist-tags as they are afterwards. */
    private void sendDistTags(Context ctx, RepositorySpec repository, NpmPackageName name) {
        http.sendJson(ctx, json.valueToTree(distTags.of(repository, name)), "application/json");
    }
}
