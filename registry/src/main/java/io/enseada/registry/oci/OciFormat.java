package io.enseada.registry.oci;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.registry.access.Authorizer;
import io.enseada.registry.access.BearerTokens;
import io.enseada.registry.audit.AuditLog;
import io.enseada.registry.http.ErrorRenderer;
import io.enseada.registry.http.Protocol;
import io.enseada.registry.http.ProtocolMounts;
import io.enseada.registry.http.PublicUrl;
import io.enseada.registry.repository.BlobMention;
import io.enseada.registry.repository.RegistryFormat;
import io.enseada.registry.repository.Removal;
import io.enseada.registry.repository.RepositoryCatalog;
import io.enseada.registry.repository.browse.PackageDetail;
import io.enseada.registry.repository.browse.PackageSummary;
import io.enseada.registry.storage.BlobStore;
import io.enseada.registry.storage.Digest;
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
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The OCI distribution API and the Docker token endpoint, built from the registry's parts: one
 * service per concern (blobs, uploads, manifests, listings) over the two ports, each answered by its
 * route class, behind the {@link OciRoutes} that dispatches {@code /v2}.
 */
public final class OciFormat implements RegistryFormat {
    private final OciRoutes routes;
    private final TokenEndpoint tokenEndpoint;
    private final ObjectMapper json;
    private final PublicUrl publicUrl;
    private final OciBlobMentions mentions;
    private final OciRetention retention;
    private final OciEviction eviction;
    private final RequestStamps stamps;
    private final ImageBrowsing browsing;

    public OciFormat(
            BlobStore blobs,
            DocumentStore documents,
            RepositoryCatalog repositories,
            Authorizer authorizer,
            BearerTokens bearerTokens,
            AuditLog audit,
            PublicUrl publicUrl,
            UpstreamClient upstream,
            ProxyMetrics proxyMetrics,
            ObjectMapper json,
            Clock clock) {
        OciDocuments records = new OciDocuments(documents, json);
        BlobService blobService = new BlobService(blobs, records, audit);
        ManifestContent manifestContent = new ManifestContent(blobs, records);
        this.mentions = new OciBlobMentions(records, manifestContent, json);
        this.retention = new OciRetention(records, manifestContent, json);
        this.eviction = new OciEviction(records);
        this.browsing = new ImageBrowsing(records, manifestContent, new ConfigCreation(blobs, json), json);
        ManifestService manifests = new ManifestService(
                records, manifestContent, blobService, audit, json, clock, ManifestService.DEFAULT_LIMIT);
        ReadableNames readable = new ReadableNames(repositories, authorizer);
        this.stamps = new RequestStamps(records, clock);
        OciProxy proxy = new OciProxy(
                manifests,
                blobService,
                records,
                blobs,
                new OciUpstream(upstream, json, clock),
                proxyMetrics,
                json,
                clock,
                stamps,
                ManifestService.DEFAULT_LIMIT);
        ListingService listings = new ListingService(records);
        OciReads reads = new OciReads(manifests, blobService, proxy, new OciGroup(repositories::all), listings);
        this.routes = new OciRoutes(
                new BlobRoutes(blobService, reads, readable),
                new UploadRoutes(new UploadService(blobs, blobService), blobService, readable),
                new ManifestRoutes(manifests, reads, readable, json),
                new ListingRoutes(reads, readable, json));
        this.tokenEndpoint = new TokenEndpoint(bearerTokens, repositories, authorizer, publicUrl);
        this.json = json;
        this.publicUrl = publicUrl;
    }

    @Override
    public Format format() {
        return Format.OCI;
    }

    @Override
    public void register(RoutesConfig config) {
        tokenEndpoint.register(config);
        routes.register(config);
    }

    @Override
    public List<ProtocolMounts.Mount> mounts() {
        return List.of(
                new ProtocolMounts.Mount("/v2", OciErrors.PROTOCOL),
                new ProtocolMounts.Mount("/auth", OciErrors.PROTOCOL));
    }

    @Override
    public Map<Protocol, ErrorRenderer> errorRenderers() {
        return Map.of(
                OciErrors.PROTOCOL,
                new OciErrors(json, publicUrl, true),
                OciErrors.TOKEN_ENDPOINT,
                new OciErrors(json, publicUrl, false));
    }

    @Override
    public List<String> contentPrefixes(String repository) {
        return OciDocumentIds.contentPrefixes(repository);
    }

    /** A blob link's or a manifest's size: both records keep it as {@code size}. */
    @Override
    public OptionalLong contentSize(Document document) {
        return OciDocumentIds.holdsContent(document.id())
                ? OptionalLong.of(document.body().path("size").asLong())
                : OptionalLong.empty();
    }

    @Override
    public Optional<String> companionOf(String id) {
        return OciDocumentIds.companionOf(id);
    }

    @Override
    public List<String> blobMentionPrefixes() {
        return OciDocumentIds.mentionPrefixes();
    }

    @Override
    public List<BlobMention> blobMentions(Document document) {
        return mentions.of(document);
    }

    @Override
    public List<Removal> retention(RepositorySpec repository, Instant now) {
        return repository.kind() == RepositoryKind.PROXY
                ? eviction.plan(repository, now)
                : retention.plan(repository, now);
    }

    @Override
    public void retentionApplied(RepositorySpec repository, Instant now) {
        if (repository.kind() == RepositoryKind.PROXY) {
            eviction.stamp(repository, now);
        } else {
            retention.stamp(repository, now);
        }
    }

    @Override
    public void blobsCollected(Collection<Digest> digests) {
        mentions.collected(digests);
    }

    /** A proxy lists what its cache holds; a group none of its own. Names are image paths, which access rules match as they are. */
    @Override
    public List<PackageSummary> packages(RepositorySpec repository) {
        return browsing.packages(repository);
    }

    @Override
    public Optional<PackageDetail> packageDetail(RepositorySpec repository, String name) {
        return browsing.detail(repository, name);
    }

    @Override
    public void close() {
        stamps.close();
    }
}
