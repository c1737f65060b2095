package io.enseada.operator.registry;

import io.enseada.operator.common.SecretValues;
import io.fabric8.kubernetes.api.model.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Whether a Registry's S3 bucket answers with the credentials of the Secret it names: one
 * ListObjectsV2 of at most one key under the registry's prefix. That is the least the registry
 * itself needs ({@code s3:ListBucket}, which a least-privilege policy may confine to the prefix,
 * where a HeadBucket would be refused), and unlike a HeadBucket its refusals carry S3's error code.
 *
 * <p>A Registry that names no Secret leaves its pods to the AWS default credential chain (e.g.
 * IRSA), an identity the operator does not have; the operator then asks without credentials,
 * which proves that the endpoint answers and, on AWS, that the bucket exists.
 *
 * <p>Short timeouts and one retry bound a check to seconds: an endpoint that does not answer
 * must not hold up the reconcile.
 */
public final class S3BucketCheck {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(3);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    private static final String DEFAULT_REGION = "us-east-1";
    private static final int MESSAGE_LIMIT = 200;
    private static final Set<String> WRONG_REGION =
            Set.of("PermanentRedirect", "AuthorizationHeaderMalformed", "IllegalLocationConstraintException");

    /** @param secret the Secret the spec's credentials name, as found in the cluster; null when absent or not named */
    public StorageHealth check(RegistrySpec.S3Spec s3, Secret secret) {
        String region = s3.region() == null || s3.region().isBlank() ? DEFAULT_REGION : s3.region();
        String where = "bucket " + s3.bucket() + (prefix(s3).isEmpty() ? "" : " (prefix " + prefix(s3) + ")") + " at "
                + (s3.endpoint() == null ? "AWS S3 in " + region : s3.endpoint());
        RegistrySpec.S3CredentialsSpec credentials = s3.credentials();
        AwsCredentialsProvider provider;
        String with;
        if (credentials == null) {
            provider = AnonymousCredentialsProvider.create();
            with = "without credentials";
        } else {
            String name = credentials.secretName();
            if (secret == null) {
                return StorageHealth.failing(
                        "CredentialsMissing",
                        "Secret " + name + " with the credentials of " + where + " does not exist");
            }
            Optional<String> keyId = nonBlank(SecretValues.get(secret, credentials.accessKeyIdKeyOrDefault()));
            Optional<String> key = nonBlank(SecretValues.get(secret, credentials.secretAccessKeyKeyOrDefault()));
            if (keyId.isEmpty() || key.isEmpty()) {
                return StorageHealth.failing(
                        "CredentialsMissing",
                        "Secret " + name + " has no key "
                                + (keyId.isEmpty()
                                        ? credentials.accessKeyIdKeyOrDefault()
                                        : credentials.secretAccessKeyKeyOrDefault())
                                + " (the credentials of " + where + ")");
            }
            provider = StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId.get(), key.get()));
            with = "with the credentials of Secret " + name;
        }
        try (S3Client client = client(s3, region, provider)) {
            client.listObjectsV2(b -> b.bucket(s3.bucket())
                    .prefix(prefix(s3).isEmpty() ? null : prefix(s3))
                    .maxKeys(1));
            return StorageHealth.ready("BucketAvailable", where + " answers " + with);
        } catch (S3Exception e) {
            return refused(e, where, with, region, credentials == null);
        } catch (ApiCallTimeoutException | ApiCallAttemptTimeoutException e) {
            return StorageHealth.failing(
                    "Unreachable", where + " does not answer within " + CALL_TIMEOUT.toSeconds() + " s");
        } catch (SdkClientException e) {
            return StorageHealth.failing("Unreachable", where + " does not answer: " + rootCause(e));
        }
    }

    private static StorageHealth refused(S3Exception e, String where, String with, String region, boolean anonymous) {
        int status = e.statusCode();
        String code = e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
                ? ""
                : e.awsErrorDetails().errorCode();
        String said = status + (code.isEmpty() ? "" : " " + code) + serverMessage(e);
        if (status == 404 || "NoSuchBucket".equals(code)) {
            return StorageHealth.failing("BucketNotFound", where + " does not exist: " + said);
        }
        if (status == 301 || WRONG_REGION.contains(code)) {
            Optional<String> actual =
                    e.awsErrorDetails() == null || e.awsErrorDetails().sdkHttpResponse() == null
                            ? Optional.empty()
                            : e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-bucket-region");
            return StorageHealth.failing(
                    "WrongRegion",
                    where + " is not in region " + region
                            + actual.map(r -> " but in " + r).orElse("") + ": " + said);
        }
        if (status == 401 || status == 403) {
            // asked without credentials, a refusal is the expected answer of a private bucket
            return anonymous
                    ? StorageHealth.ready(
                            "BucketAnswers",
                            where + " answers a request without credentials with " + said
                                    + "; the pods' own credentials (AWS default chain, e.g. IRSA) are not checked")
                    : StorageHealth.failing("AccessDenied", where + " refuses access " + with + ": " + said);
        }
        if (status >= 500) {
            return StorageHealth.failing("Unavailable", where + " fails: " + said);
        }
        return StorageHealth.failing("Refused", where + " refuses to list " + with + ": " + said);
    }

    private static S3Client client(RegistrySpec.S3Spec s3, String region, AwsCredentialsProvider credentials) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(READ_TIMEOUT))
                // region and credentials given: the SDK's lookup chains (environment, profiles, instance metadata) stay
                // unused
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .forcePathStyle(Boolean.TRUE.equals(s3.pathStyle()))
                .overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT).retryStrategy(r -> r.maxAttempts(2)));
        if (s3.endpoint() != null && !s3.endpoint().isBlank()) {
            builder.endpointOverride(URI.create(s3.endpoint()));
        }
        return builder.build();
    }

    /** The key prefix as the registry uses it: empty, or ending in a slash. */
    static String prefix(RegistrySpec.S3Spec s3) {
        String prefix = s3.prefix();
        return prefix == null || prefix.isEmpty() ? "" : prefix.endsWith("/") ? prefix : prefix + "/";
    }

    private static String serverMessage(S3Exception e) {
        String message =
                e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        if (message == null || message.isBlank()) {
            return "";
        }
        return " (" + (message.length() <= MESSAGE_LIMIT ? message : message.substring(0, MESSAGE_LIMIT) + "…") + ")";
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? "" : ": " + cause.getMessage();
        return cause.getClass().getSimpleName()
                + (message.length() <= MESSAGE_LIMIT ? message : message.substring(0, MESSAGE_LIMIT) + "…");
    }

    private static Optional<String> nonBlank(Optional<String> value) {
        return value.filter(v -> !v.isBlank());
    }
}
