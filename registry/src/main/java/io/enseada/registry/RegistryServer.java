package io.enseada.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.registry.access.AccessGuard;
import io.enseada.registry.identity.AdminBootstrap;
import io.enseada.registry.access.BcryptPasswordHasher;
import io.enseada.registry.access.Authenticator;
import io.enseada.registry.access.Authorizer;
import io.enseada.registry.access.BearerTokens;
import io.enseada.registry.access.CompiledPolicy;
import io.enseada.registry.access.LoginThrottle;
import io.enseada.registry.access.PasswordHasher;
import io.enseada.registry.oci.TokenEndpoint;
import io.enseada.registry.access.TokenUsage;
import io.enseada.registry.config.ConfigException;
import io.enseada.registry.config.MetadataSettings;
import io.enseada.registry.config.RegistrySettings;
import io.enseada.registry.config.Setting;
import io.enseada.registry.http.ClientAddress;
import io.enseada.registry.http.CompressionPolicy;
import io.enseada.registry.http.AccessLog;
import io.enseada.registry.http.ApiErrors;
import io.enseada.registry.http.ErrorRenderers;
import io.enseada.registry.http.Protocol;
import io.enseada.registry.http.ProtocolMounts;
import io.enseada.registry.maven.MavenErrors;
import io.enseada.registry.npm.NpmErrors;
import io.enseada.registry.oci.OciErrors;
import io.enseada.registry.http.ErrorResponses;
import io.enseada.registry.http.ExchangeMeter;
import io.enseada.registry.http.ImplicitHead;
import io.enseada.registry.http.JsonBodies;
import io.enseada.registry.http.ProtocolErrorPages;
import io.enseada.registry.http.PublicUrl;
import io.enseada.registry.http.SecurityHeaders;
import io.enseada.registry.http.ReasonPhrases;
import io.enseada.registry.http.TlsConnectorFactory;
import io.enseada.registry.http.TrafficMetrics;
import io.enseada.registry.http.WorkerProtection;
import io.enseada.registry.audit.AuditLog;
import io.enseada.registry.identity.DeclaredIdentities;
import io.enseada.registry.identity.IdentityRoutes;
import io.enseada.registry.identity.PolicyService;
import io.enseada.registry.identity.RobotService;
import io.enseada.registry.identity.TokenService;
import io.enseada.registry.identity.UserService;
import io.enseada.registry.metadata.CachedDocumentStore;
import io.enseada.registry.metadata.ChangeFanout;
import io.enseada.registry.maven.MavenRoutes;
import io.enseada.registry.maven.MavenService;
import io.enseada.registry.metadata.DocumentView;
import io.enseada.registry.oci.OciRoutes;
import io.enseada.registry.oci.OciService;
import io.enseada.registry.npm.NpmRoutes;
import io.enseada.registry.repository.RepositoryCatalog;
import io.enseada.registry.repository.RepositoryPurge;
import io.enseada.registry.repository.RepositoryRoutes;
import io.enseada.registry.storage.BlobStore;
import io.enseada.shared.json.Json;
import io.enseada.shared.model.DocumentIds;
import io.enseada.shared.model.PolicySpec;
import io.enseada.shared.model.RobotRecord;
import io.enseada.shared.model.TokenRecord;
import io.enseada.shared.model.UserRecord;
import io.enseada.shared.store.DocumentStore;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.javalin.router.ParsedEndpoint;
import io.javalin.util.JavalinBindException;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/** The composition root: builds every part of the registry from its settings and starts serving. */
public final class RegistryServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryServer.class);
    private static final Duration BEARER_LIFETIME = Duration.ofMinutes(5);
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
        TlsConnectorFactory tls = new TlsConnectorFactory(settings.tls());
        SslContextFactory.Server ssl = settings.tls().enabled() ? tls.sslContextFactory() : null;
        ObjectMapper json = Json.newMapper();
        SecureRandom random = new SecureRandom();

        DocumentStore store = Backends.documentStore(settings.metadata(), json);
        resources.add(store);
        BlobStore blobs = Backends.blobStore(settings.storage());

        ChangeFanout changes = new ChangeFanout(store).start();
        resources.add(changes);
        DocumentStore documents = new CachedDocumentStore(store, changes, DOCUMENT_CACHE_BYTES);
        RepositoryCatalog repositories = new RepositoryCatalog(documents, changes, json).start();
        repositories.declare(settings.repositories());
        resources.add(new RepositoryPurge(documents, changes, Duration.ofSeconds(30)).start());

        PasswordHasher hasher = new BcryptPasswordHasher(random);
        new AdminBootstrap(documents, hasher, json, random).ensureAdmin(settings.adminPassword())
                .ifPresent(password -> showGeneratedPassword(console, password));
        new DeclaredIdentities(documents, hasher, json).apply(settings.users(), settings.robots(), settings.policies());
        DocumentView<UserRecord> users = view(documents, changes, DocumentIds.USER_PREFIX, json, UserRecord.class);
        DocumentView<RobotRecord> robots = view(documents, changes, DocumentIds.ROBOT_PREFIX, json, RobotRecord.class);
        DocumentView<TokenRecord> tokens = view(documents, changes, DocumentIds.TOKEN_PREFIX, json, TokenRecord.class);
        DocumentView<CompiledPolicy> policies = new DocumentView<>(documents, changes, DocumentIds.POLICY_PREFIX,
                document -> CompiledPolicy.of(json.convertValue(document.body(), PolicySpec.class))).start();

        Clock clock = Clock.systemUTC();
        ExecutorService background = Executors.newSingleThreadExecutor(daemon("enseada-background"));
        resources.add(background::shutdown);
        BearerTokens bearerTokens = new BearerTokens(signingKey(settings, random), BEARER_LIFETIME, clock);
        Authorizer authorizer = new Authorizer(policies::all);
        Authenticator authenticator = new Authenticator(users, robots, tokens, hasher, bearerTokens,
                new LoginThrottle(settings.loginLimits().perAccount(), settings.loginLimits().perAddress(), Duration.ofMinutes(5)), new TokenUsage(documents, background, clock, Duration.ofMinutes(1)), clock);
        AccessGuard guard = new AccessGuard(authenticator, authorizer, repositories::find);
        AuditLog audit = new AuditLog(documents, json, clock, random);
        JsonBodies bodies = new JsonBodies(json);
        PublicUrl publicUrl = new PublicUrl(settings.publicUrl());
        ClientAddress clientAddress = new ClientAddress(settings.trustedProxies());
        TokenService tokenService = new TokenService(documents, tokens, users, robots, json, random, clock);
        IdentityRoutes identityRoutes = new IdentityRoutes(new UserService(documents, users, tokenService, hasher, json),
                new RobotService(documents, robots, tokenService, json),
                tokenService,
                new PolicyService(documents, policies, json), audit, repositories, authorizer, bodies);
        RepositoryRoutes repositoryRoutes = new RepositoryRoutes(repositories, authorizer, audit, bodies,
                settings.metadata() instanceof MetadataSettings.Embedded);
        TokenEndpoint tokenEndpoint = new TokenEndpoint(bearerTokens, repositories, authorizer, publicUrl);
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        ProtocolMounts mounts = new ProtocolMounts(List.of(new ProtocolMounts.Mount("/v2", OciErrors.PROTOCOL),
                new ProtocolMounts.Mount("/auth", OciErrors.PROTOCOL), new ProtocolMounts.Mount("/maven", MavenErrors.PROTOCOL),
                new ProtocolMounts.Mount("/npm", NpmErrors.PROTOCOL), new ProtocolMounts.Mount("/api", Protocol.API)));
        ErrorRenderers renderers = new ErrorRenderers(Map.of(OciErrors.PROTOCOL, new OciErrors(json, publicUrl, true),
                OciErrors.TOKEN_ENDPOINT, new OciErrors(json, publicUrl, false), MavenErrors.PROTOCOL, new MavenErrors(),
                NpmErrors.PROTOCOL, new NpmErrors(json), Protocol.API, new ApiErrors(json)), mounts);
        ErrorResponses errors = new ErrorResponses(renderers);
        MavenRoutes mavenRoutes = new MavenRoutes(new MavenService(documents, blobs, json, clock), authorizer, audit, json);
        NpmRoutes npmRoutes = NpmRoutes.create(documents, blobs, authenticator, tokenService,
                audit, repositories, authorizer, publicUrl, json, clock);

        WorkerProtection workers = new WorkerProtection(settings.clientLimits(), clientAddress);
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jsonMapper(new JavalinJackson(json, false));
            cfg.jetty.modifyServer(server -> {
                server.insertHandler(workers.minimumBodyRate());
                server.insertHandler(workers.perAddressLimit());
                server.insertHandler(workers.unauthenticatedBodies("PUT", NpmRoutes.LOGIN_PATH_SPEC));
                server.setErrorHandler(new ProtocolErrorPages(renderers));
                server.setStopTimeout(settings.shutdownGrace().toMillis());
                server.insertHandler(new ReasonPhrases());
                server.insertHandler(new GracefulHandler());
                server.insertHandler(new ExchangeMeter(settings.logging().accessLog()
                        ? List.of(new TrafficMetrics(metrics), new AccessLog(clientAddress, mounts)) : List.of(new TrafficMetrics(metrics))));
            });
            if (ssl != null) {
                cfg.jetty.addConnector((server, http) -> tls.connector(server, http, ssl, settings.host(), settings.port()));
            } else {
                cfg.jetty.host = settings.host();
                cfg.jetty.port = settings.port();
            }
            new ImplicitHead().install(cfg); // before any route: it pairs a HEAD with every GET
            cfg.routes.before(clientAddress::attach);
            new CompressionPolicy().install(cfg);
            new SecurityHeaders().install(cfg);
            cfg.routes.beforeMatched(guard::check);
            errors.register(cfg.routes);
            new HealthRoutes(blobs, documents, metrics, json).register(cfg.routes);
            repositoryRoutes.register(cfg.routes);
            identityRoutes.register(cfg.routes);
            tokenEndpoint.register(cfg.routes);
            new OciRoutes(new OciService(blobs, documents, json, clock, OciService.DEFAULT_MANIFEST_LIMIT),
                    repositories, authorizer, audit, json).register(cfg.routes);
            mavenRoutes.register(cfg.routes);
            npmRoutes.register(cfg.routes);
            new OpenApiRoute().register(cfg.routes);
        });
        try {
            app.start();
        } catch (JavalinBindException e) {
            throw new ConfigException(Setting.PORT, "cannot listen on " + settings.host() + ":" + settings.port() + " (" + e.getMessage() + ")");
        }
        resources.add(app::stop);

        ScheduledExecutorService janitor = Executors.newSingleThreadScheduledExecutor(daemon("enseada-upload-janitor"));
        janitor.scheduleWithFixedDelay(() -> purgeUploads(blobs, settings), 1, 10, TimeUnit.MINUTES);
        resources.add(janitor::shutdownNow);

        int port = ((ServerConnector) app.jettyServer().server().getConnectors()[0]).getLocalPort();
        URI effectiveUrl = settings.publicUrl() != null ? settings.publicUrl()
                : URI.create((settings.tls().enabled() ? "https" : "http") + "://localhost:" + port);
        LOG.info("Enseada registry listening on {}:{} as {} ({} storage, {} metadata) in {} ms",
                settings.host(), port, effectiveUrl, settings.storage().getClass().getSimpleName().toLowerCase(),
                settings.metadata().getClass().getSimpleName().toLowerCase(), (System.nanoTime() - started) / 1_000_000);
        return new RegistryServer(app, effectiveUrl, documents, resources);
    }

    private static <T> DocumentView<T> view(DocumentStore documents, ChangeFanout changes, String prefix,
                                            ObjectMapper json, Class<T> type) {
        return new DocumentView<>(documents, changes, prefix, document -> json.convertValue(document.body(), type)).start();
    }

    private static String signingKey(RegistrySettings settings, SecureRandom random) {
        if (settings.tokenSigningKey() != null) {
            if (settings.tokenSigningKey().value().length() < 32) {
                throw new ConfigException(Setting.TOKEN_SIGNING_KEY, "must have at least 32 characters");
            }
            return settings.tokenSigningKey().value();
        }
        byte[] key = new byte[32];
        random.nextBytes(key);
        if (settings.metadata() instanceof MetadataSettings.CouchDb) {
            LOG.warn("{} is not set: bearer tokens are signed with a key of this replica only; set it when running several replicas",
                    Setting.TOKEN_SIGNING_KEY.env());
        }
        return Base64.getEncoder().encodeToString(key);
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void purgeUploads(BlobStore blobs, RegistrySettings settings) {
        try {
            int purged = blobs.purgeUploads(Instant.now().minus(settings.uploadMaxAge()));
            if (purged > 0) {
                LOG.info("removed {} abandoned upload sessions", purged);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not purge abandoned uploads: {}", e.getMessage());
        }
    }

    private static void showGeneratedPassword(PrintStream console, String password) {
        console.println();
        console.println("  Enseada generated a password for the user 'admin'. It is shown only this once:");
        console.println();
        console.println("      " + password);
        console.println();
        console.println("  Set ENSEADA_ADMIN_PASSWORD to choose your own.");
        console.println();
        console.flush();
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
