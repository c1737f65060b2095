package io.enseada.registry.oci;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.registry.access.Authorizer;
import io.enseada.registry.access.BearerTokens;
import io.enseada.registry.audit.AuditLog;
import io.enseada.registry.http.ErrorRenderer;
import io.enseada.registry.http.Protocol;
import io.enseada.registry.http.ProtocolMounts;
import io.enseada.registry.http.PublicUrl;
import io.enseada.registry.repository.RegistryFormat;
import io.enseada.registry.repository.RepositoryCatalog;
import io.enseada.registry.storage.BlobStore;
import io.enseada.shared.model.Format;
import io.enseada.shared.store.DocumentStore;
import io.javalin.config.RoutesConfig;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The OCI distribution API and the Docker token endpoint, built from the registry's parts. */
public final class OciFormat implements RegistryFormat {
    private final OciRoutes routes;
    private final TokenEndpoint tokenEndpoint;
    private final ObjectMapper json;
    private final PublicUrl publicUrl;

    public OciFormat(
            BlobStore blobs,
            DocumentStore documents,
            RepositoryCatalog repositories,
            Authorizer authorizer,
            BearerTokens bearerTokens,
            AuditLog audit,
            PublicUrl publicUrl,
            ObjectMapper json,
            Clock clock) {
        this.routes = new OciRoutes(
                new OciService(blobs, documents, audit, json, clock, OciService.DEFAULT_MANIFEST_LIMIT),
                repositories,
                authorizer,
                json);
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

    @Override
    public Optional<String> companionOf(String id) {
        return OciDocumentIds.companionOf(id);
    }
}
