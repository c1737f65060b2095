package io.enseada.operator.repository;

import io.enseada.operator.common.Conditions.Observation;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * A {@code HEAD} of the upstream's base URL, bounded as a whole (name lookup, connection, TLS,
 * answer) by one timeout, so a reconcile waits for it at most that long.
 */
public final class HttpUpstreamProbe implements UpstreamProbe {
    public static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final HttpClient client;
    private final Duration timeout;

    public HttpUpstreamProbe(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public Observation probe(URI upstream) {
        HttpRequest request = HttpRequest.newBuilder(upstream)
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .timeout(timeout)
                .build();
        CompletableFuture<HttpResponse<Void>> answer =
                client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        try {
            return UpstreamProbe.reachable(
                    upstream,
                    answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS).statusCode());
        } catch (TimeoutException e) {
            answer.cancel(true);
            return UpstreamProbe.unreachable(upstream, "does not answer within " + seconds());
        } catch (ExecutionException e) {
            return UpstreamProbe.unreachable(upstream, why(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer.cancel(true);
            return UpstreamProbe.unreachable(upstream, "was not asked: the operator is stopping");
        }
    }

    /** In the order that tells most: the client wraps a failed name lookup in a ConnectException. */
    private String why(Throwable failure) {
        if (causedBy(failure, UnresolvedAddressException.class) || causedBy(failure, UnknownHostException.class)) {
            return "is an unknown host";
        }
        if (causedBy(failure, HttpTimeoutException.class)) {
            return "does not answer within " + seconds();
        }
        if (causedBy(failure, SSLException.class)) {
            return "fails the TLS handshake";
        }
        if (causedBy(failure, ConnectException.class)) {
            return "refuses the connection";
        }
        return "cannot be reached: " + failure.getClass().getSimpleName();
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private String seconds() {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }
}
