package io.enseada.registry.http;

import io.enseada.registry.config.ClientLimits;
import java.time.Duration;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.server.handler.ThreadLimitHandler;

/**
 * Keeps slow or greedy clients from holding every worker thread (platform threads on Java 17: a
 * blocked body read holds one): a body that arrives slower than the minimum average rate is cut
 * ({@link MinimumBodyRate}; Jetty's idle timeout ends one that stalls), and Jetty's
 * {@link ThreadLimitHandler} lets one client address have only so many requests worked on at once,
 * its further requests waiting without a thread. Health and metrics are exempt from the
 * per-address bound, so a probe from a busy address is never queued behind that address's uploads.
 * Bodies read before their caller is authenticated are bounded for all addresses together as well,
 * since a caller with a few addresses would otherwise have more of them in work than there are
 * workers, and more tightly per address, so that one address cannot take all of those.
 */
public final class WorkerProtection {
    /**
     * Unauthenticated bodies worked on at once, over all addresses (npm logins: a person's occasional
     * command, each a bcrypt check); further ones wait without a thread, refused with 503 after a while.
     */
    static final int UNAUTHENTICATED_BODIES = 64;
    /** Of those, how many one address may have in work; its further ones wait without a thread. */
    static final int UNAUTHENTICATED_BODIES_PER_ADDRESS = 4;

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
        ThreadLimitHandler handler = perAddress(limits.maxRequestsPerAddress());
        handler.excludePath("/health/*", "/metrics");
        return handler;
    }

    /**
     * The bound on routes that read a body before authenticating its caller: a few per address,
     * and a few dozen over every address, so that however many addresses send such bodies slowly
     * they hold only some of the workers, and no one address can take every place.
     *
     * @param pathPatterns regular expressions of those routes' paths (Jetty's {@code ^...} path specs)
     */
    public Handler.Singleton unauthenticatedBodies(String method, String... pathPatterns) {
        ThreadLimitHandler perAddress = perAddress(UNAUTHENTICATED_BODIES_PER_ADDRESS);
        perAddress.includeMethod(method);
        perAddress.includePath(pathPatterns);
        QoSHandler overall = new QoSHandler();
        overall.setMaxRequestCount(UNAUTHENTICATED_BODIES);
        overall.setMaxSuspend(UNAUTHENTICATED_WAIT);
        overall.includeMethod(method);
        overall.includePath(pathPatterns);
        // Per address first: what one address has waiting never takes a place overall.
        perAddress.setHandler(overall);
        return perAddress;
    }

    private ThreadLimitHandler perAddress(int limit) {
        ThreadLimitHandler handler = new ThreadLimitHandler() {
            @Override
            protected String getRemoteIP(Request request) {
                return clientAddress.resolve(request);
            }
        };
        handler.setThreadLimit(limit);
        return handler;
    }
}
