package io.enseada.registry.maven;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.registry.access.Authorizer;
import io.enseada.registry.audit.AuditLog;
import io.enseada.registry.http.ErrorRenderer;
import io.enseada.registry.http.Protocol;
import io.enseada.registry.http.ProtocolMounts;
import io.enseada.registry.repository.BlobMention;
import io.enseada.registry.repository.RegistryFormat;
import io.enseada.registry.repository.RepositoryCatalog;
import io.enseada.registry.storage.BlobStore;
import io.enseada.registry.upstream.ProxyMetrics;
import io.enseada.registry.upstream.UpstreamClient;
import io.enseada.shared.model.Format;
import io.enseada.shared.store.Document;
import io.enseada.shared.store.DocumentStore;
import io.javalin.config.RoutesConfig;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** The Maven 2 repository layout under {@code /maven}, built from the registry's parts. */
public final class MavenFormat implements RegistryFormat {
    private final MavenRoutes routes;

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
        MavenProxy proxy = new MavenProxy(hosted, documents, blobs, upstream, metrics, json, clock);
        MavenReads reads = new MavenReads(hosted, proxy, new MavenGroup(hosted, proxy, repositories::all));
        this.routes = new MavenRoutes(hosted, reads, authorizer, json);
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
}
