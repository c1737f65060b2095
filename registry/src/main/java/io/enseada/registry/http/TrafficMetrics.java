package io.enseada.registry.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Requests and latency by format and status, bytes in and out by format, from each measured exchange. */
public final class TrafficMetrics implements Consumer<Exchange> {
    private final MeterRegistry registry;

    public TrafficMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Which protocol a path belongs to; one label value per format keeps the series few. */
    static String formatOf(String path) {
        if (path.startsWith("/v2/") || path.equals("/v2")) {
            return "oci";
        }
        if (path.startsWith("/maven/")) {
            return "maven";
        }
        if (path.startsWith("/npm/")) {
            return "npm";
        }
        if (path.startsWith("/api/")) {
            return "api";
        }
        return "other";
    }

    @Override
    public void accept(Exchange exchange) {
        String format = formatOf(exchange.path());
        Timer.builder("enseada_http_server_requests")
                .description("HTTP requests by format and status")
                .tag("format", format)
                .tag("status", Integer.toString(exchange.status()))
                .publishPercentileHistogram(false)
                .register(registry)
                .record(exchange.nanos(), TimeUnit.NANOSECONDS);
        Counter.builder("enseada_http_received_bytes")
                .tag("format", format)
                .register(registry)
                .increment(exchange.bytesIn());
        Counter.builder("enseada_http_sent_bytes")
                .tag("format", format)
                .register(registry)
                .increment(exchange.bytesOut());
    }
}
