package io.enseada.operator.repository;

import io.enseada.operator.common.Conditions.Observation;
import java.net.URI;

/**
 * Whether a proxy's upstream answers, as the {@code UpstreamReachable} condition: any HTTP answer
 * counts (a 401 or a 404 too), no answer does not. It never sends credentials, and its messages
 * name the upstream's host, not its URL.
 */
public interface UpstreamProbe {
    String UPSTREAM_REACHABLE = "UpstreamReachable";
    String REACHABLE = "Reachable";
    String UNREACHABLE = "Unreachable";

    Observation probe(URI upstream);

    static Observation reachable(URI upstream, int status) {
        return Observation.holds(
                UPSTREAM_REACHABLE, REACHABLE, "upstream " + hostOf(upstream) + " answers (HTTP " + status + ")");
    }

    static Observation unreachable(URI upstream, String why) {
        return Observation.fails(UPSTREAM_REACHABLE, UNREACHABLE, "upstream " + hostOf(upstream) + " " + why);
    }

    /** host:port; the port only where the URL names one. */
    static String hostOf(URI upstream) {
        return upstream.getPort() < 0 ? upstream.getHost() : upstream.getHost() + ":" + upstream.getPort();
    }
}
