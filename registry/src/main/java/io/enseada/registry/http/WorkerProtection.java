package io.enseada.registry.http;

import io.enseada.registry.config.ClientLimits;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ThreadLimitHandler;

/**
 * Keeps slow or greedy clients from holding every worker thread (platform threads on Java 17: a
 * blocked body read holds one): a body that arrives slower than the minimum average rate is cut
 * ({@link MinimumBodyRate}; Jetty's idle timeout ends one that stalls), and Jetty's
 * {@link ThreadLimitHandler} lets one client address have only so many requests worked on at once,
 * its further requests waiting without a thread. Health and metrics are exempt from the
 * per-address bound, so a probe from a busy address is never queued behind that address's uploads.
 */
public final class WorkerProtection {
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
                return clientAddress.resolve(request);
            }
        };
        handler.setThreadLimit(limits.maxRequestsPerAddress());
        handler.excludePath("/health/*", "/metrics");
        return handler;
    }
}
