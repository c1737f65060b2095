package io.enseada.registry.http;

import io.enseada.registry.config.ClientLimits;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.server.handler.ThreadLimitHandler;

import java.time.Duration;

/**
 * Keeps slow or greedy clients from holding every worker thread (platform threads on Java 17: a
 * blocked body read holds one): a body that arrives slower than the minimum average rate is cut
 * ({@link MinimumBodyRate}; Jetty's idle timeout ends one that stalls), and Jetty's
 * {@link ThreadLimitHandler} lets one client address have only so many requests worked on at once,
 * its further requests waiting without a thread. Health and metrics are exempt from the
 * per-address bound, so a probe from a busy address is never queued behind that address's uploads.
 * Bodies read before their caller is authenticated are bounded for all addresses together, since
 * a caller with a few addresses would otherwise have more of them in work than there are workers.
 */
public final class WorkerProtection {
    /**
     * Unauthenticated bodies worked on at once (npm logins: a person's occasional command, each a
     * bcrypt check); further ones wait without a thread, and are refused with 503 after a while.
     */
    static final int UNAUTHENTICATED_BODIES = 16;
    private static final Duration UNAUTHENTICATED_WAIT = Duration.ofSeconds(30);

    private final ClientLimits limits;
    private final ClientAddress clientAddress;

    public WorkerProtection(ClientLimits limits, ClientAddress clientAddress) {
        this.limits = limits;
        this.clientAddress = clientAddress;
    }

    public Handler.Singleton minimumBodyRate() {
        return new MinimumBodyRate(limits.minBodyRate());
    }

    /**
     * The bound per client address, resolved as everywhere else ({@link ClientAddress}): behind a
     * trusted proxy each client behind it has its own bound, not the proxy's one address.
     */
    public Handler.Singleton perAddressLimit() {
        ThreadLimitHandler handler = new ThreadLimitHandler() {
            @Override
            protected String getRemoteIP(Request request) {
                return clientAddress.resolve(Request.getRemoteAddr(request),
                        request.getHeaders().getValuesList(ClientAddress.HEADER));
            }
        };
        handler.setThreadLimit(limits.maxRequestsPerAddress());
        handler.excludePath("/health/*", "/metrics");
        return handler;
    }

    /**
     * The bound on routes that read a body before authenticating its caller, over every address:
     * however many addresses send such bodies slowly, they hold at most a few workers.
     *
     * @param pathPatterns regular expressions of those routes' paths (Jetty's {@code ^...} path specs)
     */
    public Handler.Singleton unauthenticatedBodies(String method, String... pathPatterns) {
        QoSHandler handler = new QoSHandler();
        handler.setMaxRequestCount(UNAUTHENTICATED_BODIES);
        handler.setMaxSuspend(UNAUTHENTICATED_WAIT);
        handler.includeMethod(method);
        handler.includePath(pathPatterns);
        return handler;
    }
}
