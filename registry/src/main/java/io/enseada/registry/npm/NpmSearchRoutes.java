package io.enseada.registry.npm;

import static io.enseada.registry.npm.NpmHttp.BASE;
import static io.enseada.registry.npm.NpmHttp.REPOSITORY;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.access.AccessGuard;
import io.enseada.registry.access.AccessRule;
import io.enseada.registry.access.Authorizer;
import io.enseada.registry.access.Principal;
import io.enseada.registry.http.ProtocolRoutes;
import io.enseada.shared.model.AccessAction;
import io.enseada.shared.model.Format;
import io.enseada.shared.model.RepositorySpec;
import io.javalin.http.Context;
import java.time.Clock;

/** {@code npm search}, and the audit endpoints {@code npm audit} and installs ask. */
final class NpmSearchRoutes {
    private final NpmSearch search;
    private final Authorizer authorizer;
    private final NpmHttp http;
    private final ObjectMapper json;
    private final Clock clock;

    NpmSearchRoutes(NpmSearch search, Authorizer authorizer, NpmHttp http, ObjectMapper json, Clock clock) {
        this.search = search;
        this.authorizer = authorizer;
        this.http = http;
        this.json = json;
        this.clock = clock;
    }

    void register(ProtocolRoutes routes) {
        routes.get(BASE + "/-/v1/search", this::search, AccessRule.on(Format.NPM, AccessAction.READ, REPOSITORY));
        routes.post(
                BASE + "/-/npm/v1/security/advisories/bulk",
                ctx -> noAdvisories(ctx, false),
                AccessRule.on(Format.NPM, AccessAction.READ, REPOSITORY));
        routes.post(
                BASE + "/-/npm/v1/security/audits/quick",
                ctx -> noAdvisories(ctx, true),
                AccessRule.on(Format.NPM, AccessAction.READ, REPOSITORY));
    }

    private void search(Context ctx) {
        RepositorySpec repository = http.guardedRepository(ctx);
        int size = Math.max(1, Math.min(250, http.intParam(ctx, "size", 20)));
        int from = Math.max(0, http.intParam(ctx, "from", 0));
        Principal caller = AccessGuard.principal(ctx);
        NpmResults.SearchResult result = search.search(new NpmRequests.SearchRequest(
                repository,
                ctx.queryParam("text"),
                size,
                from,
                (member, name) ->
                        authorizer.allowsThrough(caller, repository, member, name.toString(), AccessAction.READ)));
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
            pkg.putObject("links").put("npm", http.registryUrl(ctx, repository) + "/" + name);
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
        http.guardedRepository(ctx);
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
}
