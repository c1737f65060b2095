package io.enseada.registry.http;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures every exchange at the Jetty level, below Javalin, and hands it to its observers (the
 * metrics, the access log) once the answer is complete or has failed.
 */
public final class ExchangeMeter extends Handler.Wrapper {
    private static final Logger LOG = LoggerFactory.getLogger(ExchangeMeter.class);
    private final List<Consumer<Exchange>> observers;

    public ExchangeMeter(List<Consumer<Exchange>> observers) {
        this.observers = List.copyOf(observers);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long start = System.nanoTime();
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
        Callback observing = new Callback.Nested(callback) {
            @Override
            public void succeeded() {
                observe(new Exchange(
                        request, response.getStatus(), System.nanoTime() - start, bytesIn.sum(), bytesOut.sum(), null));
                super.succeeded();
            }

            @Override
            public void failed(Throwable failure) {
                int status = response.getStatus() < 400 ? 500 : response.getStatus();
                observe(new Exchange(
                        request, status, System.nanoTime() - start, bytesIn.sum(), bytesOut.sum(), failure));
                super.failed(failure);
            }
        };
        return super.handle(counted, countedResponse, observing);
    }

    /** An observer's failure must not keep the exchange from completing. */
    private void observe(Exchange exchange) {
        for (Consumer<Exchange> observer : observers) {
            try {
                observer.accept(exchange);
            } catch (RuntimeException e) {
                LOG.warn(
                        "{} could not record {} {}: {}",
                        observer.getClass().getSimpleName(),
                        exchange.request().getMethod(),
                        exchange.path(),
                        e.toString());
            }
        }
    }
}
