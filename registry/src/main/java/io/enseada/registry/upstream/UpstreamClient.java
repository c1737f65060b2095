package io.enseada.registry.upstream;

import io.enseada.registry.errors.UpstreamUnavailableException;
import io.enseada.shared.model.ProxyOptions;
import io.enseada.shared.model.RepositorySpec;
import io.enseada.shared.model.UpstreamCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET and HEAD requests of proxy repositories to their upstreams: bounded timeouts, a few retries
 * of what failed before any byte arrived, redirects followed by hand so that credentials never go
 * to another host (an upstream that redirects a blob to object storage must not hand it our
 * password), and every failure as one {@link UpstreamUnavailableException} naming the host. A
 * body read is bounded too: one that gets no byte for {@code bodyIdleTimeout} fails (see
 * {@link BodyIdleTimeout}); closing the client stops that timer's thread and the pool of
 * {@link #alongside requests made alongside another}.
 */
public final class UpstreamClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamClient.class);
    private static final Set<Integer> RETRIED = Set.of(429, 502, 503, 504);
    private static final int MAX_REDIRECTS = 5;
    private static final int ALONGSIDE_THREADS = 32;

    private final HttpClient http;
    private final Settings settings;
    private final ProxyMetrics metrics;
    private final BodyIdleTimeout idleTimeout;
    private final ThreadPoolExecutor alongside;

    /**
     * @param connectTimeout  how long a connection may take to open
     * @param responseTimeout how long the upstream may take to send its status and headers
     * @param attempts        tries of one request, the first included
     * @param backoff         the wait before the second try; doubled before each further one
     * @param bodyIdleTimeout how long a read of the body may wait for its next byte
     */
    public record Settings(
            Duration connectTimeout,
            Duration responseTimeout,
            int attempts,
            Duration backoff,
            Duration bodyIdleTimeout) {
        public static final Settings DEFAULT = new Settings(
                Duration.ofSeconds(5), Duration.ofSeconds(30), 3, Duration.ofMillis(200), Duration.ofSeconds(30));

        public Settings withBodyIdleTimeout(Duration timeout) {
            return new Settings(connectTimeout, responseTimeout, attempts, backoff, timeout);
        }
    }

    public UpstreamClient(Settings settings, ProxyMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
        this.idleTimeout = new BodyIdleTimeout(settings.bodyIdleTimeout());
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        AtomicInteger threads = new AtomicInteger();
        this.alongside = new ThreadPoolExecutor(
                0,
                ALONGSIDE_THREADS,
                30,
                TimeUnit.SECONDS,
                new SynchronousQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "upstream-alongside-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                },
                // busy or closed: the caller makes the request itself, later but never lost
                (task, pool) -> task.run());
    }

    /**
     * Makes an upstream request while the caller makes another (a file's checksum while the file's
     * body arrives). The request reads and closes what it gets; a caller that no longer needs its
     * answer just leaves the future.
     */
    public <T> CompletableFuture<T> alongside(Supplier<T> request) {
        return CompletableFuture.supplyAsync(request, alongside);
    }

    /** A GET of {@code relative} (no leading {@code /}) below the proxy repository's upstream URL. */
    public UpstreamResponse get(RepositorySpec proxy, String relative, Map<String, String> headers) {
        return send("GET", proxy, proxy.proxy().resolve(relative), headers);
    }

    public UpstreamResponse head(RepositorySpec proxy, String relative, Map<String, String> headers) {
        return send("HEAD", proxy, proxy.proxy().resolve(relative), headers);
    }

    /** A GET of an absolute URL the upstream named (an npm tarball link, a token realm). */
    public UpstreamResponse getAbsolute(RepositorySpec proxy, URI url, Map<String, String> headers) {
        return send("GET", proxy, url, headers);
    }

    /**
     * A GET or HEAD of an absolute URL with only the headers given: no credentials are added, for a
     * protocol that negotiates its own (OCI's token flow answers a challenge first). A given
     * {@code Authorization} still goes to the URL's host only, never to a host a redirect names.
     */
    public UpstreamResponse exchange(String method, RepositorySpec proxy, URI url, Map<String, String> headers) {
        return send(method, proxy, url, headers, false);
    }

    private UpstreamResponse send(String method, RepositorySpec proxy, URI url, Map<String, String> headers) {
        return send(method, proxy, url, headers, true);
    }

    private UpstreamResponse send(
            String method, RepositorySpec proxy, URI url, Map<String, String> headers, boolean addCredentials) {
        long started = System.nanoTime();
        String outcome = "failed";
        try {
            UpstreamResponse response = sendWithRetries(method, proxy.proxy(), url, headers, addCredentials);
            outcome = Integer.toString(response.status());
            return response;
        } finally {
            metrics.upstream(proxy.name(), outcome, System.nanoTime() - started);
        }
    }

    private UpstreamResponse sendWithRetries(
            String method, ProxyOptions upstream, URI url, Map<String, String> headers, boolean addCredentials) {
        String host = upstream.url().getHost();
        IOException lastFailure = null;
        Duration wait = settings.backoff();
        for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
            if (attempt > 1) {
                sleep(wait);
                wait = wait.multipliedBy(2);
            }
            try {
                UpstreamResponse response = follow(method, upstream, url, headers, addCredentials);
                if (RETRIED.contains(response.status()) && attempt < settings.attempts()) {
                    response.close();
                    continue;
                }
                if (response.status() >= 500 || response.status() == 429) {
                    response.close();
                    throw new UpstreamUnavailableException(host, "answered HTTP " + response.status(), false, null);
                }
                return response;
            } catch (IOException e) {
                lastFailure = e;
                LOG.debug("{} {} failed (attempt {}): {}", method, host, attempt, e.toString());
            }
        }
        boolean timedOut = lastFailure instanceof HttpTimeoutException;
        throw new UpstreamUnavailableException(
                host, timedOut ? "timed out" : "not reachable (" + reason(lastFailure) + ")", timedOut, lastFailure);
    }

    private UpstreamResponse follow(
            String method, ProxyOptions upstream, URI url, Map<String, String> headers, boolean addCredentials)
            throws IOException {
        URI target = url;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(target)
                    .timeout(settings.responseTimeout())
                    .method(method, HttpRequest.BodyPublishers.noBody());
            boolean firstHost = sameHost(target, url);
            headers.forEach((name, value) -> {
                if (firstHost || !name.equalsIgnoreCase("Authorization")) {
                    request.header(name, value);
                }
            });
            boolean sameHost = sameHost(target, upstream.url());
            if (addCredentials && sameHost && upstream.credentials() != null && !headers.containsKey("Authorization")) {
                request.header("Authorization", basic(upstream.credentials()));
            }
            HttpResponse<InputStream> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            int status = response.statusCode();
            String location = response.headers().firstValue("Location").orElse(null);
            if (status >= 300 && status < 400 && status != 304 && location != null) {
                response.body().close();
                target = target.resolve(location);
                if (!"http".equals(target.getScheme()) && !"https".equals(target.getScheme())) {
                    throw new IOException("redirect to a non-HTTP URL");
                }
                continue;
            }
            return new UpstreamResponse(
                    upstream.url().getHost(), status, response.headers(), idleTimeout.guard(response.body()));
        }
        throw new IOException("more than " + MAX_REDIRECTS + " redirects");
    }

    /** Stops the body timer's thread (when the server stops, after its grace): reads still waiting fail. */
    @Override
    public void close() {
        idleTimeout.close();
        alongside.shutdown();
    }

    private static boolean sameHost(URI one, URI other) {
        return one.getHost().equalsIgnoreCase(other.getHost()) && one.getPort() == other.getPort();
    }

    public static String basic(UpstreamCredentials credentials) {
        String pair = credentials.username() + ":" + (credentials.password() == null ? "" : credentials.password());
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static String reason(IOException failure) {
        if (failure == null) {
            return "no answer";
        }
        String simple = failure.getClass().getSimpleName();
        return failure.getMessage() == null ? simple : simple + ": " + failure.getMessage();
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
