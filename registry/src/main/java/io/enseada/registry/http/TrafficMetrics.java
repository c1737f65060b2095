package io.enseada.registry.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Requests and latency by format and status, bytes in and out by format, from each measured exchange. */
public final class TrafficMetrics implements Consumer<Exchange> {
    private final MeterRegistry registry;
    private final ProtocolMounts mounts;

    /** @param mounts names each request's format, as in the access log; one value per protocol keeps the series few */
    public TrafficMetrics(MeterRegistry registry, ProtocolMounts mounts) {
        this.registry = registry;
        this.mounts = mounts;
    }

    @Override
    public void accept(Exchange exchange) {
        String format = mounts.protocolOf(exchange.path()).name();
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
