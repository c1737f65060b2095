package io.enseada.registry.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts every request at the Jetty level, below Javalin, so streamed bodies are measured as the
 * bytes actually cross the wire: requests and latency by format and status, bytes in and out by
 * format.
 */
public final class TrafficMetrics extends Handler.Wrapper {
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
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long start = System.nanoTime();
        String format = formatOf(Request.getPathInContext(request));
        LongAdder bytesIn = new LongAdder();
        LongAdder bytesOut = new LongAdder();
        Request counted = new Request.Wrapper(request) {
            @Override
            public Content.Chunk read() {
                Content.Chunk chunk = super.read();
                if (chunk != null) {
                    bytesIn.add(chunk.remaining());
                }
                return chunk;
            }
        };
        Response countedResponse = new Response.Wrapper(counted, response) {
            @Override
            public void write(boolean last, ByteBuffer content, Callback writeCallback) {
                if (content != null) {
                    bytesOut.add(content.remaining());
                }
                super.write(last, content, writeCallback);
            }
        };
        Callback recording = new Callback.Nested(callback) {
            @Override
            public void succeeded() {
                record(format, response.getStatus(), start, bytesIn.sum(), bytesOut.sum());
                super.succeeded();
            }

            @Override
            public void failed(Throwable failure) {
                record(format, response.getStatus() < 400 ? 500 : response.getStatus(), start, bytesIn.sum(), bytesOut.sum());
                super.failed(failure);
            }
        };
        return super.handle(counted, countedResponse, recording);
    }

    private void record(String format, int status, long start, long in, long out) {
        Timer.builder("enseada_http_server_requests")
                .description("HTTP requests by format and status")
                .tag("format", format)
                .tag("status", Integer.toString(status))
                .publishPercentileHistogram(false)
                .register(registry)
                .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        Counter.builder("enseada_http_received_bytes").tag("format", format).register(registry).increment(in);
        Counter.builder("enseada_http_sent_bytes").tag("format", format).register(registry).increment(out);
    }
}
