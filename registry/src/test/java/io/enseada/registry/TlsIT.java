package io.enseada.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.registry.config.RegistrySettings;
import io.enseada.registry.config.SettingsLoader;
import io.enseada.registry.npm.TestPackages;
import io.enseada.registry.testing.TestCertificates;
import io.enseada.shared.json.Json;
import io.enseada.shared.testing.AuthorizationHeader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS from PEM files, with HTTP/2 negotiated by ALPN and HSTS on responses. */
class TlsIT {
    private static final ObjectMapper JSON = Json.newMapper();

    @TempDir
    Path dir;

    @Test
    void pkcs1RsaKeyServesHttp2WithHsts() throws Exception {
        assertServesHttp2(TestCertificates.generate(dir, false));
    }

    @Test
    void pkcs8KeyServesHttp2WithHsts() throws Exception {
        assertServesHttp2(TestCertificates.generate(dir, true));
    }

    /**
     * HTTP/2 has no Host header: without ENSEADA_PUBLIC_URL the links the registry hands out come
     * from the request's :authority (they read https://null/... before).
     */
    @Test
    void absoluteUrlsCarryTheAuthorityOfAnHttp2Request() throws Exception {
        TestCertificates certificates = TestCertificates.generate(dir, true);
        try (RegistryServer server =
                RegistryServer.start(tlsSettings(certificates), new PrintStream(new ByteArrayOutputStream()))) {
            HttpClient client = http2Client(certificates);
            String origin = "https://localhost:" + server.port();
            String basic = AuthorizationHeader.basic("admin", "tls-admin-pw");

            HttpResponse<String> challenge = client.send(
                    HttpRequest.newBuilder(URI.create(origin + "/v2/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(challenge.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(challenge.statusCode()).isEqualTo(401);
            assertThat(challenge.headers().firstValue("WWW-Authenticate"))
                    .hasValue("Bearer realm=\"" + origin + "/auth/token\",service=\"localhost:" + server.port() + "\"");

            byte[] publish = JSON.writeValueAsBytes(TestPackages.publishBody("over-h2", "1.0.0"));
            HttpResponse<String> published = client.send(
                    HttpRequest.newBuilder(URI.create(origin + "/npm/npm/over-h2"))
                            .header("Authorization", basic)
                            .header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofByteArray(publish))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(published.statusCode()).as(published.body()).isEqualTo(201);

            HttpResponse<String> packument = client.send(
                    HttpRequest.newBuilder(URI.create(origin + "/npm/npm/over-h2"))
                            .header("Authorization", basic)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(packument.version()).isEqualTo(HttpClient.Version.HTTP_2);
            String tarballUrl = JSON.readTree(packument.body())
                    .at("/versions/1.0.0/dist/tarball")
                    .asText();
            assertThat(tarballUrl).isEqualTo(origin + "/npm/npm/over-h2/-/over-h2-1.0.0.tgz");

            // The link works, and over HTTP/2 with gzip offered the tarball arrives as stored.
            HttpResponse<byte[]> tarball = client.send(
                    HttpRequest.newBuilder(URI.create(tarballUrl))
                            .header("Authorization", basic)
                            .header("Accept-Encoding", "gzip")
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(tarball.statusCode()).isEqualTo(200);
            assertThat(tarball.headers().firstValue("Content-Encoding")).isEmpty();
            String integrity = JSON.readTree(packument.body())
                    .at("/versions/1.0.0/dist/integrity")
                    .asText();
            assertThat("sha512-"
                            + Base64.getEncoder()
                                    .encodeToString(
                                            MessageDigest.getInstance("SHA-512").digest(tarball.body())))
                    .isEqualTo(integrity);
        }
    }

    private RegistrySettings tlsSettings(TestCertificates certificates) {
        return new SettingsLoader(Map.of(
                        "ENSEADA_PORT", "0",
                        "ENSEADA_HOST", "127.0.0.1",
                        "ENSEADA_DATA_DIR", dir.resolve("data").toString(),
                        "ENSEADA_ADMIN_PASSWORD", "tls-admin-pw",
                        "ENSEADA_TLS", "true",
                        "ENSEADA_TLS_KEY_PATH", certificates.keyFile().toString(),
                        "ENSEADA_TLS_CERT_PATH", certificates.certFile().toString()))
                .load();
    }

    private static HttpClient http2Client(TestCertificates certificates) throws Exception {
        return HttpClient.newBuilder()
                .sslContext(certificates.clientContext())
                .version(HttpClient.Version.HTTP_2)
                .build();
    }

    private void assertServesHttp2(TestCertificates certificates) throws Exception {
        try (RegistryServer server =
                RegistryServer.start(tlsSettings(certificates), new PrintStream(new ByteArrayOutputStream()))) {
            HttpClient client = http2Client(certificates);
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + "/health/live"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(response.headers().firstValue("strict-transport-security"))
                    .hasValueSatisfying(hsts ->
                            assertThat(hsts).contains("max-age=31536000").contains("includeSubDomains"));
            assertThat(server.publicUrl().getScheme()).isEqualTo("https");
        }
    }
}
