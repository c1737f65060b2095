package io.enseada.registry.maven;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.registry.access.Authorizer;
import io.enseada.registry.audit.AuditLog;
import io.enseada.registry.http.ErrorRenderer;
import io.enseada.registry.http.Protocol;
import io.enseada.registry.http.ProtocolMounts;
import io.enseada.registry.repository.BlobMention;
import io.enseada.registry.repository.RegistryFormat;
import io.enseada.registry.repository.Removal;
import io.enseada.registry.repository.RepositoryCatalog;
import io.enseada.registry.repository.browse.PackageDetail;
import io.enseada.registry.repository.browse.PackageSummary;
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
import java.util.Optional;
import java.util.OptionalLong;

/** The Maven 2 repository layout under {@code /maven}, built from the registry's parts. */
public final class MavenFormat implements RegistryFormat {
    private final MavenRoutes routes;
    private final RequestStamps stamps;
    private final SnapshotRetention snapshots;
    private final CacheEviction eviction;
    private final ArtifactBrowsing browsing;

    public MavenFormat(
            DocumentStore documents,
            BlobStore blobs,
            Authorizer authorizer,
            AuditLog audit,
            RepositoryCatalog repositories,
            UpstreamClient upstream,
            ProxyMetrics metrics,
            ObjectMapper json,
            Clock clock) {
        MavenService hosted = new MavenService(documents, blobs, audit, json, clock);
        this.stamps = new RequestStamps(documents, json, clock);
        this.snapshots = new SnapshotRetention(documents, new MetadataDocuments(documents, json));
        this.eviction = new CacheEviction(documents, json);
        MavenProxy proxy = new MavenProxy(hosted, documents, blobs, upstream, metrics, stamps, json, clock);
        MavenReads reads = new MavenReads(hosted, proxy, new MavenGroup(hosted, proxy, repositories::all));
        this.routes = new MavenRoutes(hosted, reads, authorizer, json);
        this.browsing = new ArtifactBrowsing(documents, json);
    }

    @Override
    public Format format() {
        return Format.MAVEN;
    }

    @Override
    public void register(RoutesConfig config) {
        routes.register(config);
    }

    @Override
    public List<ProtocolMounts.Mount> mounts() {
        return List.of(new ProtocolMounts.Mount("/maven", MavenErrors.PROTOCOL));
    }

    @Override
    public Map<Protocol, ErrorRenderer> errorRenderers() {
        return Map.of(MavenErrors.PROTOCOL, new MavenErrors());
    }

    @Override
    public List<String> contentPrefixes(String repository) {
        return MavenDocumentIds.contentPrefixes(repository);
    }

    /** A file's size ({@link FileRecord#size()}); metadata documents hold no file. */
    @Override
    public List<String> blobMentionPrefixes() {
        return MavenBlobMentions.prefixes();
    }

    @Override
    public List<BlobMention> blobMentions(Document document) {
        return MavenBlobMentions.of(document);
    }

    @Override
    public OptionalLong contentSize(Document document) {
        return document.id().startsWith(MavenDocumentIds.FILE_PREFIX)
                ? OptionalLong.of(document.body().path("size").asLong())
                : OptionalLong.empty();
    }

    /** Hosted: the snapshot keys; proxy: {@code unusedFor}. */
    @Override
    public List<Removal> retention(RepositorySpec repository, Instant now) {
        return switch (repository.kind()) {
            case HOSTED -> snapshots.plan(repository, now);
            case PROXY -> eviction.plan(repository, now);
            case GROUP -> List.of();
        };
    }

    /** A hosted build's time is in its version; only a proxy's cached files need a stamp. */
    @Override
    public void retentionApplied(RepositorySpec repository, Instant now) {
        if (repository.kind() == RepositoryKind.PROXY
                && repository.retention() != null
                && repository.retention().unusedFor() != null) {
            eviction.stampUnrequested(repository, now);
        }
    }

    /** One package per artifact, named {@code groupId:artifactId}: a hosted repository's deploys, a proxy's cache. */
    @Override
    public List<PackageSummary> packages(RepositorySpec repository) {
        return browsing.packages(repository);
    }

    /** The artifact's directory, {@code com/example/lib/}: where the routes' paths of its files start. */
    @Override
    public String accessPath(String name) {
        return ArtifactBrowsing.accessPath(name);
    }

    @Override
    public Optional<PackageDetail> packageDetail(RepositorySpec repository, String name) {
        return browsing.detail(repository, name).map(PackageDetail.class::cast);
    }

    @Override
    public void close() {
        stamps.close();
    }
}
