package io.enseada.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.registry.audit.AuditLog;
import io.enseada.registry.config.ConfigException;
import io.enseada.registry.config.MetadataSettings;
import io.enseada.registry.config.RegistrySettings;
import io.enseada.registry.config.Setting;
import io.enseada.registry.http.ClientAddress;
import io.enseada.registry.http.JsonBodies;
import io.enseada.registry.http.PublicUrl;
import io.enseada.registry.identity.IdentityRoutes;
import io.enseada.registry.identity.PolicyService;
import io.enseada.registry.identity.RobotService;
import io.enseada.registry.identity.UserService;
import io.enseada.registry.lifecycle.GarbageCollector;
import io.enseada.registry.lifecycle.GcRoutes;
import io.enseada.registry.lifecycle.StorageLifecycle;
import io.enseada.registry.maven.MavenFormat;
import io.enseada.registry.metadata.CachedDocumentStore;
import io.enseada.registry.metadata.ChangeFanout;
import io.enseada.registry.npm.NpmFormat;
import io.enseada.registry.oci.OciFormat;
import io.enseada.registry.repository.BrowseRoutes;
import io.enseada.registry.repository.PackageBrowser;
import io.enseada.registry.repository.QuotaGuard;
import io.enseada.registry.repository.RegistryFormat;
import io.enseada.registry.repository.RepositoryCatalog;
import io.enseada.registry.repository.RepositoryPurge;
import io.enseada.registry.repository.RepositoryRoutes;
import io.enseada.registry.repository.RepositoryUsage;
import io.enseada.registry.storage.BlobStore;
import io.enseada.registry.ui.UiRoutes;
import io.enseada.registry.upstream.ProxyMetrics;
import io.enseada.registry.upstream.UpstreamClient;
import io.enseada.shared.json.Json;
import io.enseada.shared.store.DocumentStore;
import io.javalin.Javalin;
import io.javalin.router.ParsedEndpoint;
import io.javalin.util.JavalinBindException;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The composition root: builds every part of the registry from its settings and starts serving. */
public final class RegistryServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryServer.class);
    private static final long DOCUMENT_CACHE_BYTES = 32L * 1024 * 1024;

    private final Javalin app;
    private final URI publicUrl;
    private final DocumentStore documents;
    private final List<AutoCloseable> resources;

    private RegistryServer(Javalin app, URI publicUrl, DocumentStore documents, List<AutoCloseable> resources) {
        this.app = app;
        this.publicUrl = publicUrl;
        this.documents = documents;
        this.resources = resources;
    }

    /**
     * @param console where the generated admin password is shown, once
     * @throws ConfigException when a backend or the listener cannot be set up
     */
    public static RegistryServer start(RegistrySettings settings, PrintStream console) {
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            return start(settings, console, resources);
        } catch (RuntimeException e) {
            closeAll(resources);
            throw e;
        }
    }

    private static RegistryServer start(RegistrySettings settings, PrintStream console, List<AutoCloseable> resources) {
        long started = System.nanoTime();
        ObjectMapper json = Json.newMapper();
        SecureRandom random = new SecureRandom();
        Clock clock = Clock.systemUTC();

        DocumentStore store = Backends.documentStore(settings.metadata(), json);
        resources.add(store);
        StorageLifecycle lifecycle =
                new StorageLifecycle(Backends.blobStore(settings.storage(), clock), store, clock, replicaName(random));
        resources.add(lifecycle);
        BlobStore blobs = lifecycle.blobs();
        ChangeFanout changes = new ChangeFanout(store).start();
        resources.add(changes);
        DocumentStore documents = new CachedDocumentStore(store, changes, DOCUMENT_CACHE_BYTES);
        RepositoryCatalog repositories = new RepositoryCatalog(documents, changes, json).start();
        repositories.declare(settings.repositories());

        AccessParts access =
                AccessParts.build(settings, documents, changes, repositories, json, random, clock, console, resources);
        AuditLog audit = new AuditLog(documents, json, clock, random);
        PublicUrl publicUrl = new PublicUrl(settings.publicUrl());
        PrometheusMeterRegistry metrics = metrics();
        ProxyMetrics proxyMetrics = new ProxyMetrics(metrics);
        UpstreamClient upstream = new UpstreamClient(
                UpstreamClient.Settings.DEFAULT.withBodyIdleTimeout(settings.proxyBodyIdleTimeout()), proxyMetrics);
        resources.add(upstream);
        List<RegistryFormat> formats = List.of(
                new OciFormat(
                        blobs,
                        documents,
                        repositories,
                        access.authorizer(),
                        access.bearerTokens(),
                        audit,
                        publicUrl,
                        upstream,
                        proxyMetrics,
                        json,
                        clock),
                new MavenFormat(
                        documents,
                        blobs,
                        access.authorizer(),
                        audit,
                        repositories,
                        upstream,
                        proxyMetrics,
                        json,
                        clock),
                new NpmFormat(
                        documents,
                        blobs,
                        access.authenticator(),
                        access.tokenService(),
                        audit,
                        repositories,
                        access.authorizer(),
                        publicUrl,
                        upstream,
                        proxyMetrics,
                        json,
                        clock));
        formats.forEach(resources::add);
        RepositoryPurge purge = new RepositoryPurge(documents, changes, formats, Duration.ofSeconds(30)).start();
        resources.add(purge);
        GarbageCollector collector = lifecycle.collector(
                formats, repositories::all, audit, settings.gcGracePeriod(), settings.uploadMaxAge(), metrics, json);
        if (settings.gcSchedule() != null) {
            lifecycle.schedule(collector, settings.gcSchedule());
        }

        JsonBodies bodies = new JsonBodies(json);
        UserService users = new UserService(documents, access.users(), access.tokenService(), access.hasher(), json);
        RobotService robots = new RobotService(documents, access.robots(), access.tokenService(), json);
        PolicyService policies = new PolicyService(documents, access.policies(), json);
        IdentityRoutes identityRoutes = new IdentityRoutes(
                users, robots, access.tokenService(), policies, audit, repositories, access.authorizer(), bodies);
        RepositoryUsage usage = new RepositoryUsage(documents, formats);
        QuotaGuard quotas = new QuotaGuard(usage, formats, clock, metrics);
        RepositoryRoutes repositoryRoutes = new RepositoryRoutes(
                repositories,
                access.authorizer(),
                audit,
                bodies,
                settings.metadata() instanceof MetadataSettings.Embedded,
                purge,
                proxyMetrics,
                usage,
                json);
        PackageBrowser browser = new PackageBrowser(repositories::all, formats, access.authorizer());
        UiRoutes ui = new UiRoutes(
                new UiRoutes.Services(
                        repositories::all,
                        access.authenticator(),
                        access.authorizer(),
                        browser,
                        usage,
                        access.tokenService(),
                        audit,
                        users,
                        robots,
                        policies,
                        collector),
                documents,
                publicUrl,
                json,
                clock,
                random);
        Javalin app = new WebServer(settings, json, new ClientAddress(settings.trustedProxies()), metrics, formats)
                .create(access.guard(), quotas, ui, routes -> {
                    new HealthRoutes(blobs, documents, metrics, json).register(routes);
                    repositoryRoutes.register(routes);
                    new BrowseRoutes(browser).register(routes);
                    identityRoutes.register(routes);
                    new GcRoutes(collector, audit, bodies).register(routes);
                    new OpenApiRoute().register(routes);
                });
        try {
            app.start();
        } catch (JavalinBindException e) {
            throw new ConfigException(
                    Setting.PORT,
                    "cannot listen on " + settings.host() + ":" + settings.port() + " (" + e.getMessage() + ")");
        }
        resources.add(app::stop);

        ScheduledExecutorService janitor = Executors.newSingleThreadScheduledExecutor(daemon("enseada-upload-janitor"));
        janitor.scheduleWithFixedDelay(() -> purgeUploads(blobs, settings, clock), 1, 10, TimeUnit.MINUTES);
        resources.add(janitor::shutdownNow);

        int port = ((ServerConnector) app.jettyServer().server().getConnectors()[0]).getLocalPort();
        URI effectiveUrl = settings.publicUrl() != null
                ? settings.publicUrl()
                : URI.create((settings.tls().enabled() ? "https" : "http") + "://localhost:" + port);
        LOG.info(
                "Enseada registry listening on {}:{} as {} ({} storage, {} metadata) in {} ms",
                settings.host(),
                port,
                effectiveUrl,
                settings.storage().getClass().getSimpleName().toLowerCase(),
                settings.metadata().getClass().getSimpleName().toLowerCase(),
                (System.nanoTime() - started) / 1_000_000);
        return new RegistryServer(app, effectiveUrl, documents, resources);
    }

    /** This process among the replicas: the pod's name (Kubernetes sets HOSTNAME) and a random part, since two may share a host. */
    private static String replicaName(SecureRandom random) {
        String host = System.getenv("HOSTNAME");
        return (host == null || host.isBlank() ? "replica" : host) + "-"
                + Integer.toHexString(random.nextInt(1 << 24) | 1 << 24).substring(1);
    }

    private static PrometheusMeterRegistry metrics() {
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        return metrics;
    }

    static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void purgeUploads(BlobStore blobs, RegistrySettings settings, Clock clock) {
        try {
            int purged = blobs.purgeUploads(clock.instant().minus(settings.uploadMaxAge()));
            if (purged > 0) {
                LOG.info("removed {} abandoned upload sessions", purged);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not purge abandoned uploads: {}", e.getMessage());
        }
    }

    public int port() {
        return app.port();
    }

    public URI publicUrl() {
        return publicUrl;
    }

    /** The metadata store, for tests that play the operator's part (it writes documents directly). */
    public DocumentStore documents() {
        return documents;
    }

    /** Every HTTP endpoint the server routes, in matching order, for tests that sweep them all. */
    public List<ParsedEndpoint> endpoints() {
        return app.unsafe.internalRouter.allHttpHandlers();
    }

    /** Stops accepting, lets requests in flight finish within the grace period, then closes the stores. */
    @Override
    public void close() {
        closeAll(resources);
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.warn("error while stopping: {}", e.getMessage());
            }
        }
        resources.clear();
    }
}
