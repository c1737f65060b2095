package io.enseada.registry.npm;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.registry.access.Authenticator;
import io.enseada.registry.access.Authorizer;
import io.enseada.registry.audit.AuditLog;
import io.enseada.registry.http.ErrorRenderer;
import io.enseada.registry.http.Protocol;
import io.enseada.registry.http.ProtocolMounts;
import io.enseada.registry.http.ProtocolRoutes;
import io.enseada.registry.http.PublicUrl;
import io.enseada.registry.identity.TokenService;
import io.enseada.registry.repository.BlobMention;
import io.enseada.registry.repository.RegistryFormat;
import io.enseada.registry.repository.Removal;
import io.enseada.registry.repository.RepositoryCatalog;
import io.enseada.registry.storage.BlobStore;
import io.enseada.registry.upstream.ProxyMetrics;
import io.enseada.registry.upstream.UpstreamClient;
import io.enseada.shared.model.Format;
import io.enseada.shared.model.RepositoryKind;
import io.enseada.shared.model.RepositorySpec;
import io.enseada.shared.store.Document;
import io.enseada.shared.store.DocumentStore;
import io.javalin.config.RoutesConfig;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The npm registry API under {@code /npm}, built from the registry's parts; owns the threads that
 * stage tarballs and record a proxy's cache uses.
 */
public final class NpmFormat implements RegistryFormat {
    private final ExecutorService uploads;
    private final NpmAccountRoutes accountRoutes;
    private final NpmSearchRoutes searchRoutes;
    private final NpmDistTagRoutes distTagRoutes;
    private final NpmPackageRoutes packageRoutes;
    private final ObjectMapper json;
    private final CacheUsage cacheUsage;
    private final NpmVersionRetention versionRetention;
    private final NpmCacheRetention cacheRetention;

    public NpmFormat(
            DocumentStore documents,
            BlobStore blobs,
            Authenticator authenticator,
            TokenService tokens,
            AuditLog audit,
            RepositoryCatalog repositories,
            Authorizer authorizer,
            PublicUrl publicUrl,
            UpstreamClient upstream,
            ProxyMetrics proxyMetrics,
            ObjectMapper json,
            Clock clock) {
        this.uploads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "enseada-npm-upload");
            thread.setDaemon(true);
            return thread;
        });
        Packuments packuments = new Packuments(documents);
        this.cacheUsage = new CacheUsage(documents, clock);
        NpmProxy proxy = new NpmProxy(documents, blobs, upstream, proxyMetrics, json, clock, cacheUsage);
        this.versionRetention = new NpmVersionRetention(documents);
        this.cacheRetention = new NpmCacheRetention(documents);
        NpmAudit npmAudit = new NpmAudit(audit);
        NpmHttp http = new NpmHttp(repositories, publicUrl, json);
        this.accountRoutes = new NpmAccountRoutes(new NpmAccounts(authenticator, tokens, audit, clock), http, json);
        this.searchRoutes =
                new NpmSearchRoutes(new NpmSearch(packuments, proxy, repositories::all), authorizer, http, json, clock);
        this.distTagRoutes = new NpmDistTagRoutes(new NpmDistTags(packuments, npmAudit, clock), http, json);
        this.packageRoutes = new NpmPackageRoutes(
                new NpmReading(packuments, proxy, new NpmGroup(packuments, proxy, repositories::all, json), blobs),
                new NpmPublishing(packuments, new TarballStager(blobs, uploads), npmAudit, json, clock),
                new NpmUnpublishing(packuments, npmAudit, json, clock),
                new PackumentViews(json),
                authorizer,
                http);
        this.json = json;
    }

    @Override
    public Format format() {
        return Format.NPM;
    }

    @Override
    public void register(RoutesConfig config) {
        ProtocolRoutes routes = new ProtocolRoutes(config, NpmErrors.PROTOCOL);
        // In this order: the package routes match any path, so the fixed ones go first.
        accountRoutes.register(routes);
        searchRoutes.register(routes);
        distTagRoutes.register(routes);
        packageRoutes.register(routes);
    }

    @Override
    public List<ProtocolMounts.Mount> mounts() {
        return List.of(new ProtocolMounts.Mount("/npm", NpmErrors.PROTOCOL));
    }

    @Override
    public Map<Protocol, ErrorRenderer> errorRenderers() {
        return Map.of(NpmErrors.PROTOCOL, new NpmErrors(json));
    }

    @Override
    public List<String> contentPrefixes(String repository) {
        return NpmDocumentIds.contentPrefixes(repository);
    }

    /**
     * A proxy's cached tarball ({@link UpstreamTarball#size()}). A hosted package's tarballs are
     * inside its packument document and not counted: only a proxy's cache is asked for its size.
     */
    @Override
    public List<String> blobMentionPrefixes() {
        return NpmDocumentIds.mentionPrefixes();
    }

    @Override
    public List<BlobMention> blobMentions(Document document) {
        return NpmBlobMentions.of(document);
    }

    /** An unpublish's packument rewrite ({@code -rev}) and a dist-tag move store no new content. */
    @Override
    public boolean mayAddContent(io.javalin.http.Context ctx) {
        String path = ctx.path();
        return !path.contains("/-rev/") && !path.contains("/-/package/");
    }

    @Override
    public OptionalLong contentSize(Document document) {
        return NpmDocumentIds.isUpstreamTarball(document.id())
                ? OptionalLong.of(document.body().path("size").asLong())
                : OptionalLong.empty();
    }

    /** A hosted repository's old untagged versions ({@code versionsOlderThan}), a proxy's unused cache ({@code unusedFor}). */
    @Override
    public List<Removal> retention(RepositorySpec repository, Instant now) {
        return repository.kind() == RepositoryKind.PROXY
                ? cacheRetention.plan(repository, now)
                : versionRetention.plan(repository, now);
    }

    /** A proxy's cached items with no recorded use start aging now; hosted versions always carry their publish time. */
    @Override
    public void retentionApplied(RepositorySpec repository, Instant now) {
        if (repository.kind() == RepositoryKind.PROXY) {
            cacheRetention.stampUnused(repository, now);
        }
    }

    @Override
    public List<String> unauthenticatedPuts() {
        return List.of(NpmAccountRoutes.LOGIN_PATH_SPEC);
    }

    /** Tarballs still being staged are abandoned: their uploads end with the server. */
    @Override
    public void close() {
        uploads.shutdownNow();
        cacheUsage.close();
    }
}
