package io.enseada.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.registry.access.AccessGuard;
import io.enseada.registry.config.RegistrySettings;
import io.enseada.registry.http.AccessLog;
import io.enseada.registry.http.ApiErrors;
import io.enseada.registry.http.ClientAddress;
import io.enseada.registry.http.CompressionPolicy;
import io.enseada.registry.http.ErrorRenderer;
import io.enseada.registry.http.ErrorRenderers;
import io.enseada.registry.http.ErrorResponses;
import io.enseada.registry.http.ExchangeMeter;
import io.enseada.registry.http.ImplicitHead;
import io.enseada.registry.http.Protocol;
import io.enseada.registry.http.ProtocolErrorPages;
import io.enseada.registry.http.ProtocolMounts;
import io.enseada.registry.http.ReasonPhrases;
import io.enseada.registry.http.SecurityHeaders;
import io.enseada.registry.http.TlsConnectorFactory;
import io.enseada.registry.http.TrafficMetrics;
import io.enseada.registry.http.WorkerProtection;
import io.enseada.registry.repository.QuotaGuard;
import io.enseada.registry.repository.RegistryFormat;
import io.enseada.registry.ui.UiRoutes;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The Javalin server around the routes: Jetty's handlers (client limits, graceful stop, metering,
 * access log), TLS, the access guard before every matched route, and the one exception handler
 * with each protocol's error renderer, gathered from the formats.
 */
final class WebServer {
    private final RegistrySettings settings;
    private final ObjectMapper json;
    private final ClientAddress clientAddress;
    private final PrometheusMeterRegistry metrics;
    private final List<RegistryFormat> formats;

    WebServer(
            RegistrySettings settings,
            ObjectMapper json,
            ClientAddress clientAddress,
            PrometheusMeterRegistry metrics,
            List<RegistryFormat> formats) {
        this.settings = settings;
        this.json = json;
        this.clientAddress = clientAddress;
        this.metrics = metrics;
        this.formats = formats;
    }

    /**
     * @param ui the web UI, whose session filter runs ahead of the guard
     * @param routes the routes beside the formats' own (health, the management API)
     */
    Javalin create(AccessGuard guard, QuotaGuard quotas, UiRoutes ui, Consumer<RoutesConfig> routes) {
        List<ProtocolMounts.Mount> mountList = new ArrayList<>();
        Map<Protocol, ErrorRenderer> renderers = new HashMap<>(Map.of(Protocol.API, new ApiErrors(json)));
        for (RegistryFormat format : formats) {
            mountList.addAll(format.mounts());
            renderers.putAll(format.errorRenderers());
        }
        mountList.add(new ProtocolMounts.Mount("/api", Protocol.API));
        mountList.add(ui.mount());
        renderers.putAll(ui.errorRenderers());
        ProtocolMounts mounts = new ProtocolMounts(mountList);
        ErrorRenderers errors = new ErrorRenderers(renderers, mounts);
        TlsConnectorFactory tls = new TlsConnectorFactory(settings.tls());
        SslContextFactory.Server ssl = settings.tls().enabled() ? tls.sslContextFactory() : null;
        WorkerProtection workers = new WorkerProtection(settings.clientLimits(), clientAddress);
        return Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jsonMapper(new JavalinJackson(json, false));
            cfg.jetty.modifyServer(server -> {
                server.insertHandler(workers.minimumBodyRate());
                server.insertHandler(workers.perAddressLimit());
                for (RegistryFormat format : formats) {
                    for (String path : format.unauthenticatedPuts()) {
                        server.insertHandler(workers.unauthenticatedBodies("PUT", path));
                    }
                }
                server.setErrorHandler(new ProtocolErrorPages(errors));
                server.setStopTimeout(settings.shutdownGrace().toMillis());
                server.insertHandler(new ReasonPhrases());
                server.insertHandler(new GracefulHandler());
                server.insertHandler(new ExchangeMeter(
                        settings.logging().accessLog()
                                ? List.of(new TrafficMetrics(metrics, mounts), new AccessLog(clientAddress, mounts))
                                : List.of(new TrafficMetrics(metrics, mounts))));
            });
            if (ssl != null) {
                cfg.jetty.addConnector(
                        (server, http) -> tls.connector(server, http, ssl, settings.host(), settings.port()));
            } else {
                cfg.jetty.host = settings.host();
                cfg.jetty.port = settings.port();
            }
            new ImplicitHead().install(cfg); // before any route: it pairs a HEAD with every GET
            cfg.routes.before(clientAddress::attach);
            new CompressionPolicy().install(cfg);
            new SecurityHeaders().install(cfg);
            ui.registerFilters(cfg.routes);
            cfg.routes.beforeMatched(guard::check);
            cfg.routes.beforeMatched(quotas::check); // after the guard: only writers learn the usage
            new ErrorResponses(errors).register(cfg.routes);
            routes.accept(cfg.routes);
            ui.register(cfg.routes);
            formats.forEach(format -> format.register(cfg.routes));
            ui.registerFallback(cfg.routes);
        });
    }
}
