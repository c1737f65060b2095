package io.enseada.registry.repository;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.access.AccessGuard;
import io.enseada.registry.access.AccessRule;
import io.enseada.registry.access.Authorizer;
import io.enseada.registry.access.Principal;
import io.enseada.registry.audit.AuditLog;
import io.enseada.registry.errors.ConflictException;
import io.enseada.registry.errors.NotFoundException;
import io.enseada.registry.errors.ValidationException;
import io.enseada.registry.http.ClientAddress;
import io.enseada.registry.http.JsonBodies;
import io.enseada.registry.http.Protocol;
import io.enseada.registry.http.ProtocolRoutes;
import io.enseada.registry.upstream.ProxyMetrics;
import io.enseada.shared.model.AccessAction;
import io.enseada.shared.model.ProxyOptions;
import io.enseada.shared.model.RepositoryGraph;
import io.enseada.shared.model.RepositoryKind;
import io.enseada.shared.model.RepositorySpec;
import io.enseada.shared.model.UpstreamCredentials;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Management API for repositories: {@code /api/v1/repositories}. Reading is open to whoever may
 * read the repository; creating, changing and deleting is for administrators, and only when the
 * registry owns its configuration (embedded mode) — with CouchDB the operator's Repository
 * resources are the source of truth, and a change made here would be undone by it.
 */
public final class RepositoryRoutes {
    private final RepositoryCatalog catalog;
    private final Authorizer authorizer;
    private final AuditLog audit;
    private final JsonBodies bodies;
    private final boolean writable;
    private final RepositoryPurge purge;
    private final ProxyMetrics proxyMetrics;
    private final RepositoryUsage usage;
    private final ObjectMapper json;

    public RepositoryRoutes(
            RepositoryCatalog catalog,
            Authorizer authorizer,
            AuditLog audit,
            JsonBodies bodies,
            boolean writable,
            RepositoryPurge purge,
            ProxyMetrics proxyMetrics,
            RepositoryUsage usage,
            ObjectMapper json) {
        this.json = json;
        this.catalog = catalog;
        this.purge = purge;
        this.proxyMetrics = proxyMetrics;
        this.usage = usage;
        this.authorizer = authorizer;
        this.audit = audit;
        this.bodies = bodies;
        this.writable = writable;
    }

    public void register(RoutesConfig config) {
        ProtocolRoutes routes = new ProtocolRoutes(config, Protocol.API);
        routes.get(
                "/api/v1/repositories",
                ctx -> {
                    Principal caller = AccessGuard.principal(ctx);
                    ctx.json(Map.of(
                            "items",
                            catalog.all().stream()
                                    .filter(repository -> authorizer.allows(caller, repository, AccessAction.READ))
                                    .map(RepositorySpec::withoutSecrets)
                                    .toList()));
                },
                AccessRule.ANYONE);
        routes.get(
                "/api/v1/repositories/{name}",
                ctx -> ctx.json(shown(AccessGuard.repository(ctx))),
                AccessRule.on(AccessAction.READ, "name"));
        routes.delete(
                "/api/v1/repositories/{name}/cache",
                ctx -> {
                    RepositorySpec repository = AccessGuard.repository(ctx);
                    if (repository.kind() != RepositoryKind.PROXY) {
                        throw new ConflictException("repository " + repository.name() + " is a "
                                + repository.kind().wireName() + " repository; only a proxy has a cache");
                    }
                    String item = ctx.queryParam("path");
                    if (item != null && (item.isBlank() || item.startsWith("/") || item.contains(".."))) {
                        throw new ValidationException("path", "path must name an item below the repository");
                    }
                    long removed = purge.clear(repository.name(), item);
                    audited(ctx, "repository.cache.purge", repository.name() + (item == null ? "" : "/" + item));
                    ctx.json(Map.of("removed", removed));
                },
                AccessRule.on(AccessAction.ADMIN, "name"));
        routes.post(
                "/api/v1/repositories",
                ctx -> {
                    RepositorySpec repository = body(ctx);
                    requireWritable();
                    requireUpstreamPassword(repository);
                    requireServableGroup(repository);
                    if (!catalog.create(repository)) {
                        throw new ConflictException("repository " + repository.name() + " already exists");
                    }
                    audited(ctx, "repository.create", repository.name());
                    ctx.status(201).json(repository.withoutSecrets());
                },
                AccessRule.ADMIN);
        routes.put(
                "/api/v1/repositories/{name}",
                ctx -> {
                    RepositorySpec repository = body(ctx);
                    requireWritable();
                    if (!repository.name().equals(ctx.pathParam("name"))) {
                        throw new ValidationException(
                                "name",
                                "name '" + repository.name() + "' does not match the URL's '" + ctx.pathParam("name")
                                        + "'");
                    }
                    repository = withStoredPassword(repository);
                    requireUpstreamPassword(repository);
                    requireServableGroup(repository);
                    if (!catalog.replace(repository)) {
                        throw new NotFoundException("repository " + repository.name() + " not found");
                    }
                    audited(ctx, "repository.update", repository.name());
                    ctx.json(repository.withoutSecrets());
                },
                AccessRule.ADMIN);
        routes.delete(
                "/api/v1/repositories/{name}",
                ctx -> {
                    requireWritable();
                    requireNoGroupNames(ctx.pathParam("name"));
                    if (!catalog.delete(ctx.pathParam("name"))) {
                        throw new NotFoundException("repository " + ctx.pathParam("name") + " not found");
                    }
                    audited(ctx, "repository.delete", ctx.pathParam("name"));
                    ctx.status(204);
                },
                AccessRule.ADMIN);
    }

    private RepositorySpec body(Context ctx) {
        return bodies.read(ctx, RepositorySpec.class);
    }

    /** A repository as callers see it: no upstream password; for a proxy, how its cache answers on this replica. */
    private Object shown(RepositorySpec repository) {
        RepositorySpec visible = repository.withoutSecrets();
        if (repository.quota() != null) {
            ObjectNode body = json.valueToTree(visible);
            RepositoryUsage.Usage used = usage.of(repository);
            body.putObject("usage")
                    .put("bytes", used.bytes())
                    .put("items", used.items())
                    .put("quotaBytes", repository.quota().bytes());
            return body;
        }
        if (repository.kind() != RepositoryKind.PROXY) {
            return visible;
        }
        ObjectNode body = json.valueToTree(visible);
        Map<ProxyMetrics.Result, Long> counts = proxyMetrics.counts(repository.name());
        long hits = counts.get(ProxyMetrics.Result.HIT) + counts.get(ProxyMetrics.Result.STALE);
        long total = hits + counts.get(ProxyMetrics.Result.MISS) + counts.get(ProxyMetrics.Result.ERROR);
        ObjectNode cache = body.putObject("cache");
        RepositoryUsage.Usage cached = usage.of(repository);
        cache.put("items", cached.items());
        cache.put("bytes", cached.bytes());
        counts.forEach((result, count) -> cache.put(result.name().toLowerCase(java.util.Locale.ROOT), count));
        if (total > 0) {
            cache.put("hitRatio", (double) hits / total);
        }
        return body;
    }

    /**
     * The API never shows an upstream password, so a client that sends back what it read (to change
     * the visibility, say) keeps the stored one, as long as the username is the same.
     */
    private RepositorySpec withStoredPassword(RepositorySpec repository) {
        UpstreamCredentials sent =
                repository.proxy() == null ? null : repository.proxy().credentials();
        if (sent == null || sent.hasPassword()) {
            return repository;
        }
        return catalog.find(repository.name())
                .map(RepositorySpec::proxy)
                .map(ProxyOptions::credentials)
                .filter(stored -> stored.username().equals(sent.username()))
                .map(stored -> repository.withProxy(new ProxyOptions(
                        repository.proxy().url(),
                        stored,
                        repository.proxy().metadataMaxAge(),
                        repository.proxy().negativeCacheTtl())))
                .orElse(repository);
    }

    private static void requireUpstreamPassword(RepositorySpec repository) {
        if (repository.proxy() != null
                && repository.proxy().credentials() != null
                && !repository.proxy().credentials().hasPassword()) {
            throw new ValidationException("proxy.credentials.password", "proxy.credentials.password is required");
        }
    }

    /** A group whose members are missing, of another format or in a cycle could never answer. */
    private void requireServableGroup(RepositorySpec repository) {
        List<RepositorySpec> after = new ArrayList<>(catalog.all().stream()
                .filter(existing -> !existing.name().equals(repository.name()))
                .toList());
        after.add(repository);
        RepositoryGraph graph = new RepositoryGraph(after);
        Optional<String> problem = graph.problemOf(repository);
        if (problem.isEmpty()) {
            // a repository that changes format under a group that holds it breaks that group
            problem = after.stream()
                    .filter(group ->
                            group.group() != null && group.group().members().contains(repository.name()))
                    .map(graph::problemOf)
                    .flatMap(Optional::stream)
                    .findFirst();
        }
        if (problem.isPresent()) {
            throw new ValidationException("group.members", problem.get());
        }
    }

    private void requireNoGroupNames(String name) {
        Optional<RepositorySpec> holder = catalog.all().stream()
                .filter(group ->
                        group.group() != null && group.group().members().contains(name))
                .findFirst();
        if (holder.isPresent()) {
            throw new ConflictException("repository " + name + " is a member of group "
                    + holder.get().name() + "; remove it from the group first");
        }
    }

    private void requireWritable() {
        if (!writable) {
            throw new ConflictException(
                    "repositories are managed by the Kubernetes operator (Repository resources) in this installation");
        }
    }

    private void audited(Context ctx, String action, String target) {
        audit.record(AccessGuard.principal(ctx), action, target, ClientAddress.of(ctx), "ok");
    }
}
