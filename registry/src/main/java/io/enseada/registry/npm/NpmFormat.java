package io.enseada.registry.npm;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.registry.access.Authenticator;
import io.enseada.registry.access.Authorizer;
import io.enseada.registry.audit.AuditLog;
import io.enseada.registry.http.ErrorRenderer;
import io.enseada.registry.http.Protocol;
import io.enseada.registry.http.ProtocolMounts;
import io.enseada.registry.http.PublicUrl;
import io.enseada.registry.identity.TokenService;
import io.enseada.registry.repository.RegistryFormat;
import io.enseada.registry.repository.RepositoryCatalog;
import io.enseada.registry.storage.BlobStore;
import io.enseada.shared.model.Format;
import io.enseada.shared.store.DocumentStore;
import io.javalin.config.RoutesConfig;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The npm registry API under {@code /npm}, built from the registry's parts; owns the threads that stage tarballs. */
public final class NpmFormat implements RegistryFormat {
    private final ExecutorService uploads;
    private final NpmRoutes routes;
    private final ObjectMapper json;

    public NpmFormat(
            DocumentStore documents,
            BlobStore blobs,
            Authenticator authenticator,
            TokenService tokens,
            AuditLog audit,
            RepositoryCatalog repositories,
            Authorizer authorizer,
            PublicUrl publicUrl,
            ObjectMapper json,
            Clock clock) {
        this.uploads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "enseada-npm-upload");
            thread.setDaemon(true);
            return thread;
        });
        NpmService service = new NpmService(documents, blobs, new TarballStager(blobs, uploads), audit, json, clock);
        this.routes = new NpmRoutes(
                service,
                new NpmAccounts(authenticator, tokens, audit, clock),
                repositories,
                authorizer,
                publicUrl,
                json,
                clock);
        this.json = json;
    }

    @Override
    public Format format() {
        return Format.NPM;
    }

    @Override
    public void register(RoutesConfig config) {
        routes.register(config);
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

    @Override
    public List<String> unauthenticatedPuts() {
        return List.of(NpmRoutes.LOGIN_PATH_SPEC);
    }

    /** Tarballs still being staged are abandoned: their uploads end with the server. */
    @Override
    public void close() {
        uploads.shutdownNow();
    }
}
