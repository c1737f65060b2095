package io.enseada.registry.http;

import io.enseada.registry.config.ClientLimits;
import org.eclipse.jetty.server.Handler;
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

    public WorkerProtection(ClientLimits limits) {
        this.limits = limits;
    }

    public Handler.Singleton minimumBodyRate() {
        return new MinimumBodyRate(limits.minBodyRate());
    }

    /**
     * The bound per client address. The address is the connection's peer: no forwarded header is
     * believed, so behind a proxy the proxy's address is the one bounded.
     */
    public Handler.Singleton perAddressLimit() {
        ThreadLimitHandler handler = new ThreadLimitHandler();
        handler.setThreadLimit(limits.maxRequestsPerAddress());
        handler.excludePath("/health/*", "/metrics");
        return handler;
    }
}
