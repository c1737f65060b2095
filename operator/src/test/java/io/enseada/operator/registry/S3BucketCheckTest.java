package io.enseada.operator.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.enseada.shared.testing.S3ProxyServer;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bucket check against a real S3 API: S3Proxy in this JVM, which accepts one access key. */
class S3BucketCheckTest {
    private static final String SECRET = "enseada-s3";

    private final S3BucketCheck check = new S3BucketCheck();
    private final List<StorageHealth> results = new ArrayList<>();
    private S3ProxyServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = S3ProxyServer.start(new TransientNio2BlobStore());
    }

    @AfterEach
    void stopServerAndCheckNoResultLeaksACredential() throws Exception {
        server.close();
        assertThat(results)
                .isNotEmpty()
                .allSatisfy(result -> assertThat(result.message())
                        .doesNotContain(S3ProxyServer.CREDENTIAL)
                        .doesNotContain("wrong-secret-key"));
    }

    private RegistrySpec.S3Spec spec(String bucket, String prefix, RegistrySpec.S3CredentialsSpec credentials) {
        return new RegistrySpec.S3Spec(
                bucket, server.endpoint().toString(), S3ProxyServer.REGION, true, prefix, credentials);
    }

    private static RegistrySpec.S3CredentialsSpec named() {
        return new RegistrySpec.S3CredentialsSpec(SECRET, null, null);
    }

    private static Secret secret(Map<String, String> values) {
        Map<String, String> data = new TreeMap<>();
        values.forEach((key, value) ->
                data.put(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        return new SecretBuilder()
                .withNewMetadata()
                .withName(SECRET)
                .endMetadata()
                .withData(data)
                .build();
    }

    private static Secret keys(String accessKeyId, String secretAccessKey) {
        return secret(Map.of("accessKeyId", accessKeyId, "secretAccessKey", secretAccessKey));
    }

    private StorageHealth check(RegistrySpec.S3Spec s3, Secret secret) {
        StorageHealth result = check.check(s3, secret);
        results.add(result);
        return result;
    }

    @Test
    void theRightCredentialsMakeTheBucketAvailable() {
        StorageHealth result = check(
                spec(S3ProxyServer.BUCKET, "registry", named()),
                keys(S3ProxyServer.IDENTITY, S3ProxyServer.CREDENTIAL));
        assertThat(result)
                .isEqualTo(StorageHealth.ready(
                        "BucketAvailable",
                        "bucket enseada-blobs (prefix registry/) at " + server.endpoint()
                                + " answers with the credentials of Secret enseada-s3"));
    }

    @Test
    void keysUnderOtherNamesAndStringDataAreRead() {
        Secret secret = new SecretBuilder()
                .withNewMetadata()
                .withName(SECRET)
                .endMetadata()
                .withStringData(Map.of("id", S3ProxyServer.IDENTITY, "key", S3ProxyServer.CREDENTIAL))
                .build();
        StorageHealth result = check(
                spec(S3ProxyServer.BUCKET, null, new RegistrySpec.S3CredentialsSpec(SECRET, "id", "key")), secret);
        assertThat(result.ready()).as(result.message()).isTrue();
    }

    @Test
    void aWrongSecretKeyIsAccessDenied() {
        StorageHealth result =
                check(spec(S3ProxyServer.BUCKET, null, named()), keys(S3ProxyServer.IDENTITY, "wrong-secret-key"));
        assertThat(result.ready()).isFalse();
        assertThat(result.reason()).isEqualTo("AccessDenied");
        assertThat(result.message())
                .startsWith("bucket enseada-blobs at " + server.endpoint()
                        + " refuses access with the credentials of Secret enseada-s3: 403 SignatureDoesNotMatch")
                .doesNotContain(S3ProxyServer.IDENTITY);
    }

    @Test
    void anUnknownAccessKeyIsAccessDenied() {
        StorageHealth result =
                check(spec(S3ProxyServer.BUCKET, null, named()), keys("someone-else", S3ProxyServer.CREDENTIAL));
        assertThat(result.reason()).isEqualTo("AccessDenied");
        assertThat(result.message()).contains("403 InvalidAccessKeyId").doesNotContain("someone-else");
    }

    @Test
    void aMissingBucketIsBucketNotFound() {
        StorageHealth result =
                check(spec("absent-bucket", null, named()), keys(S3ProxyServer.IDENTITY, S3ProxyServer.CREDENTIAL));
        assertThat(result.ready()).isFalse();
        assertThat(result.reason()).isEqualTo("BucketNotFound");
        assertThat(result.message())
                .startsWith("bucket absent-bucket at " + server.endpoint() + " does not exist: 404 NoSuchBucket");
    }

    @Test
    void anEndpointThatIsDownIsUnreachable() throws Exception {
        RegistrySpec.S3Spec s3 = spec(S3ProxyServer.BUCKET, null, named());
        server.close();
        StorageHealth result = check(s3, keys(S3ProxyServer.IDENTITY, S3ProxyServer.CREDENTIAL));
        assertThat(result.ready()).isFalse();
        assertThat(result.reason()).isEqualTo("Unreachable");
        assertThat(result.message())
                .startsWith("bucket enseada-blobs at " + s3.endpoint() + " does not answer: ")
                .contains("Connection refused");
    }

    @Test
    void anEndpointThatAcceptsButNeverAnswersIsUnreachableWithinTheCallTimeout() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.start();
            RegistrySpec.S3Spec s3 = new RegistrySpec.S3Spec(
                    S3ProxyServer.BUCKET,
                    "http://127.0.0.1:" + silent.getLocalPort(),
                    S3ProxyServer.REGION,
                    true,
                    null,
                    named());
            Instant start = Instant.now();
            StorageHealth result = check(s3, keys(S3ProxyServer.IDENTITY, S3ProxyServer.CREDENTIAL));
            Duration took = Duration.between(start, Instant.now());
            assertThat(result.reason()).isEqualTo("Unreachable");
            assertThat(result.message()).startsWith("bucket enseada-blobs at " + s3.endpoint() + " does not answer");
            assertThat(took).isLessThan(S3BucketCheck.CALL_TIMEOUT.plusSeconds(2));
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    /**
     * Answers that S3Proxy never gives (it serves every region and never fails), as AWS gives them:
     * its documented 301 for a bucket in another region, and a 503 SlowDown.
     */
    @Test
    void aBucketInAnotherRegionIsWrongRegionAndAServerErrorIsUnavailable() throws IOException {
        com.sun.net.httpserver.HttpServer aws = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        java.util.concurrent.atomic.AtomicInteger status = new java.util.concurrent.atomic.AtomicInteger(301);
        aws.createContext("/", exchange -> {
            boolean moved = status.get() == 301;
            byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>"
                            + (moved ? "PermanentRedirect" : "SlowDown")
                            + "</Code><Message>"
                            + (moved
                                    ? "The bucket you are attempting to access must be addressed using the specified endpoint."
                                            + " Please send all future requests to this endpoint."
                                    : "Please reduce your request rate.")
                            + "</Message><Endpoint>enseada-blobs.s3.eu-west-1.amazonaws.com</Endpoint><Bucket>enseada-blobs</Bucket>"
                            + "<RequestId>0J8ZQ3B1KXW5ZJ3D</RequestId><HostId>aGVsbG8=</HostId></Error>")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/xml");
            if (moved) {
                exchange.getResponseHeaders().add("x-amz-bucket-region", "eu-west-1");
            }
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        aws.start();
        try {
            RegistrySpec.S3Spec s3 = new RegistrySpec.S3Spec(
                    S3ProxyServer.BUCKET, "http://127.0.0.1:" + aws.getAddress().getPort(), null, true, null, named());
            StorageHealth moved = check(s3, keys(S3ProxyServer.IDENTITY, S3ProxyServer.CREDENTIAL));
            assertThat(moved.reason()).isEqualTo("WrongRegion");
            assertThat(moved.message())
                    .startsWith("bucket enseada-blobs at " + s3.endpoint()
                            + " is not in region us-east-1 but in eu-west-1: 301 PermanentRedirect");

            status.set(503);
            StorageHealth failing = check(s3, keys(S3ProxyServer.IDENTITY, S3ProxyServer.CREDENTIAL));
            assertThat(failing.reason()).isEqualTo("Unavailable");
            assertThat(failing.message())
                    .isEqualTo("bucket enseada-blobs at " + s3.endpoint()
                            + " fails: 503 SlowDown (Please reduce your request rate.)");
        } finally {
            aws.stop(0);
        }
    }

    @Test
    void aMissingSecretOrKeyIsCredentialsMissingAndNothingIsAsked() throws Exception {
        RegistrySpec.S3Spec s3 = spec(S3ProxyServer.BUCKET, null, named());
        server.close(); // had the check asked, the reason would be Unreachable
        assertThat(check(s3, null))
                .isEqualTo(StorageHealth.failing(
                        "CredentialsMissing",
                        "Secret enseada-s3 with the credentials of bucket enseada-blobs at " + s3.endpoint()
                                + " does not exist"));
        assertThat(check(s3, secret(Map.of("accessKeyId", S3ProxyServer.IDENTITY))))
                .isEqualTo(StorageHealth.failing(
                        "CredentialsMissing",
                        "Secret enseada-s3 has no key secretAccessKey (the credentials of bucket enseada-blobs at "
                                + s3.endpoint() + ")"));
        assertThat(check(s3, secret(Map.of("accessKeyId", "", "secretAccessKey", S3ProxyServer.CREDENTIAL)))
                        .reason())
                .isEqualTo("CredentialsMissing");
    }

    @Test
    void withoutCredentialsTheEndpointMustAnswerAndTheRefusalIsExpected() throws Exception {
        StorageHealth result = check(spec(S3ProxyServer.BUCKET, null, null), null);
        assertThat(result.ready()).as(result.message()).isTrue();
        assertThat(result.reason()).isEqualTo("BucketAnswers");
        assertThat(result.message())
                .isEqualTo(
                        "bucket enseada-blobs at " + server.endpoint() + " answers a request without credentials"
                                + " with 403 AccessDenied (Forbidden); the pods' own credentials (AWS default chain, e.g. IRSA) are not checked");

        RegistrySpec.S3Spec s3 = spec(S3ProxyServer.BUCKET, null, null);
        server.close();
        assertThat(check(s3, null).reason()).isEqualTo("Unreachable");
    }
}
