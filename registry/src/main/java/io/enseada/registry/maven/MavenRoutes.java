package io.enseada.registry.maven;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.registry.access.AccessGuard;
import io.enseada.registry.access.AccessRule;
import io.enseada.registry.access.Authorizer;
import io.enseada.registry.access.Principal;
import io.enseada.registry.audit.Actor;
import io.enseada.registry.http.ClientAddress;
import io.enseada.registry.http.LiveBody;
import io.enseada.registry.http.PromisedBody;
import io.enseada.registry.http.ProtocolRoutes;
import io.enseada.registry.http.RequestBodies;
import io.enseada.registry.http.SecurityHeaders;
import io.enseada.shared.model.AccessAction;
import io.enseada.shared.model.Format;
import io.enseada.shared.model.RepositorySpec;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.Header;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Maven 2 repository layout over HTTP under {@code /maven/<repository>/}: PUT deploys, GET and
 * HEAD resolve and browse, DELETE removes. The only Maven code that sees Javalin.
 */
public final class MavenRoutes {
    private static final String ROOT = "/maven/{repository}";
    private static final String FILE = "/maven/{repository}/<path>";
    /** Percent-encoded dots, slashes, backslashes, percent signs and control characters in the raw URI. */
    private static final Pattern ENCODED_ESCAPE = Pattern.compile("%(2[eEfF5]|5[cC]|[01][0-9a-fA-F]|7[fF])");

    private final MavenService service;
    private final MavenReads reads;
    private final Authorizer authorizer;
    private final ObjectMapper json;

    MavenRoutes(MavenService service, MavenReads reads, Authorizer authorizer, ObjectMapper json) {
        this.service = service;
        this.reads = reads;
        this.authorizer = authorizer;
        this.json = json;
    }

    public void register(RoutesConfig config) {
        ProtocolRoutes routes = new ProtocolRoutes(config, MavenErrors.PROTOCOL);
        for (String route : new String[] {ROOT, FILE}) {
            routes.get(route, this::resolve, rule(AccessAction.READ)); // HEAD too: ImplicitHead
        }
        routes.put(FILE, this::deploy, rule(AccessAction.WRITE));
        routes.delete(FILE, this::delete, rule(AccessAction.DELETE));
    }

    private static AccessRule rule(AccessAction action) {
        return AccessRule.on(
                Format.MAVEN,
                action,
                ctx -> ctx.pathParam("repository"),
                ctx -> ctx.pathParamMap().get("path"));
    }

    private void deploy(Context ctx) {
        RepositorySpec repository = repository(ctx);
        MavenPath path = path(ctx);
        Map<ChecksumAlgorithm, String> declared = new EnumMap<>(ChecksumAlgorithm.class);
        for (ChecksumAlgorithm algorithm : ChecksumAlgorithm.values()) {
            String sent = ctx.header(algorithm.header());
            if (sent != null) {
                declared.put(algorithm, sent);
            }
        }
        MavenResults.Deployed outcome = service.deploy(new MavenRequests.Deploy(
                repository, path, RequestBodies.stream(ctx), RequestBodies.declaredLength(ctx), declared, actor(ctx)));
        if (outcome == MavenResults.Deployed.STORED || outcome == MavenResults.Deployed.METADATA_MERGED) {
            ctx.status(201);
        } else {
            ctx.status(200);
        }
    }

    private void resolve(Context ctx) {
        RepositorySpec repository = repository(ctx);
        Principal caller = AccessGuard.principal(ctx);
        MavenPath requested = path(ctx);
        LiveBody live = new LiveBody(ctx, () -> {
            SecurityHeaders.attachment(ctx, requested.name());
            ctx.contentType(contentType(requested.name()));
        });
        MavenResults.Resolved resolved = reads.resolve(
                repository,
                requested,
                (member, path) ->
                        authorizer.allowsThrough(caller, repository, member, path.toString(), AccessAction.READ),
                live::start);
        if (live.started()) {
            return; // a proxy fetched the file for this request and sent it as it arrived
        }
        boolean head = ctx.method() == HandlerType.HEAD;
        if (resolved instanceof MavenResults.File file) {
            SecurityHeaders.attachment(ctx, file.name());
            ctx.contentType(contentType(file.name()));
            checksumHeaders(ctx, file.checksums());
            ctx.header(Header.ETAG, "\"" + file.checksums().sha1() + "\"");
            ctx.header(
                    Header.LAST_MODIFIED,
                    DateTimeFormatter.RFC_1123_DATE_TIME.format(file.modified().atZone(ZoneOffset.UTC)));
            ctx.header(Header.CONTENT_LENGTH, Long.toString(file.size()));
            if (!head) {
                ctx.result(PromisedBody.of(ctx, file.content().get(), file.size()));
            }
        } else if (resolved instanceof MavenResults.Text text) {
            SecurityHeaders.attachment(ctx, text.name());
            ctx.contentType(contentType(text.name()));
            if (text.checksums() != null) {
                checksumHeaders(ctx, text.checksums());
            }
            ctx.header(Header.CONTENT_LENGTH, Integer.toString(text.bytes().length));
            if (!head) {
                ctx.result(text.bytes());
            }
        } else if (resolved instanceof MavenResults.Directory directory) {
            String accept = ctx.header(Header.ACCEPT);
            boolean wantsJson = accept != null && accept.contains("application/json");
            ctx.contentType(wantsJson ? "application/json" : "text/html; charset=utf-8");
            // Built in memory, also for HEAD: Jetty then gives the HEAD the GET's Content-Length.
            ctx.result(
                    wantsJson
                            ? DirectoryPage.json(json, repository.name(), directory)
                            : DirectoryPage.html(repository.name(), directory));
        }
    }

    private void delete(Context ctx) {
        RepositorySpec repository = repository(ctx);
        MavenPath path = path(ctx);
        MavenResults.Deleted deleted = service.delete(new MavenRequests.Delete(repository, path, actor(ctx)));
        ctx.status(200)
                .contentType("application/json")
                .result(json.createObjectNode().put("deleted", deleted.files()).toString());
    }

    private static Actor actor(Context ctx) {
        return new Actor(AccessGuard.principal(ctx), ClientAddress.of(ctx));
    }

    /** The guard has found the Maven repository and checked access. */
    private static RepositorySpec repository(Context ctx) {
        return AccessGuard.repository(ctx);
    }

    /** Validated from both the raw URI (encoded escapes) and the decoded path parameter. */
    private static MavenPath path(Context ctx) {
        String raw = ctx.req().getRequestURI();
        if (ENCODED_ESCAPE.matcher(raw).find()) {
            throw MavenException.invalid(
                    "invalid path: encoded dots, slashes, backslashes or control characters are not allowed");
        }
        for (String segment : raw.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                throw MavenException.invalid("invalid path: '" + segment + "' segments are not allowed");
            }
        }
        return MavenPath.parse(ctx.pathParamMap().get("path"));
    }

    private static void checksumHeaders(Context ctx, Checksums checksums) {
        for (ChecksumAlgorithm algorithm : ChecksumAlgorithm.values()) {
            ctx.header(algorithm.header(), checksums.get(algorithm));
        }
    }

    private static String contentType(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".pom") || lower.endsWith(".xml")) {
            return "application/xml";
        }
        if (lower.endsWith(".jar") || lower.endsWith(".war") || lower.endsWith(".ear")) {
            return "application/java-archive";
        }
        if (lower.endsWith(".module") || lower.endsWith(".json")) {
            return "application/json";
        }
        if (ChecksumAlgorithm.ofChecksumFile(lower).isPresent() || lower.endsWith(".asc")) {
            return "text/plain";
        }
        return "application/octet-stream";
    }
}
