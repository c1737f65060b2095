package io.enseada.shared.testing;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import org.awaitility.core.ConditionTimeoutException;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * An S3Proxy in this JVM on a free loopback port, with one bucket, for tests against a real S3 API
 * (the registry's blob store, the operator's bucket check). It accepts one access key.
 *
 * <p>{@link #close()} then {@link #start(BlobStore, int, String, String)} over the same backend
 * and {@link #port()} simulates an outage: the server comes back at the same address with its
 * objects.
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String IDENTITY = "enseada-test";
    public static final String CREDENTIAL = "enseada-test-secret";
    public static final String REGION = "us-east-1";
    public static final String BUCKET = "enseada-blobs";

    private final S3Proxy proxy;

    private S3ProxyServer(S3Proxy proxy) {
        this.proxy = proxy;
    }

    /** Starts a server over {@code backend} with the test access key and creates {@link #BUCKET}. */
    public static S3ProxyServer start(BlobStore backend) throws Exception {
        return startWithBucket(backend, IDENTITY, CREDENTIAL);
    }

    /** Starts a server over {@code backend} that accepts this access key, and creates {@link #BUCKET}. */
    public static S3ProxyServer startWithBucket(BlobStore backend, String identity, String credential)
            throws Exception {
        backend.createContainer(BUCKET);
        return start(backend, 0, identity, credential);
    }

    /**
     * Starts a server over {@code backend} on {@code port} (0 for a free one) without creating the
     * bucket: to bring back a stopped server at the same address over the same (kept) backend.
     */
    public static S3ProxyServer start(BlobStore backend, int port) throws Exception {
        return start(backend, port, IDENTITY, CREDENTIAL);
    }

    /** As {@link #start(BlobStore, int)}, accepting this access key. */
    public static S3ProxyServer start(BlobStore backend, int port, String identity, String credential)
            throws Exception {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(backend)
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, identity, credential)
                // Clients keep idle connections open; a graceful stop would wait on them for seconds.
                .stopTimeout(0)
                .build();
        proxy.start();
        try {
            await().atMost(Duration.ofSeconds(30))
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(10))
                    .pollInSameThread()
                    .until(() -> "STARTED".equals(proxy.getState()));
        } catch (ConditionTimeoutException notStarted) {
            proxy.stop();
            throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
        }
        return new S3ProxyServer(proxy);
    }

    public int port() {
        return proxy.getPort();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
