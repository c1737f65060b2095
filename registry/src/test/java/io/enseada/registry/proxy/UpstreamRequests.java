package io.enseada.registry.proxy;

import io.enseada.registry.testing.TestRegistry;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How many requests a proxy repository sent its upstream, whatever they answered, as the registry's metrics count them. */
final class UpstreamRequests {
    private UpstreamRequests() {}

    static long of(TestRegistry registry, String repository) {
        Matcher counts = Pattern.compile("enseada_proxy_upstream_seconds_count\\{outcome=\"[^\"]*\",repository=\""
                        + Pattern.quote(repository) + "\"\\} ([0-9.E]+)")
                .matcher(registry.anonymous().get("/metrics").text());
        double total = 0;
        while (counts.find()) {
            total += Double.parseDouble(counts.group(1));
        }
        return (long) total;
    }
}
