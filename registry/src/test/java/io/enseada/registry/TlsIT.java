package io.enseada.registry;

import io.enseada.registry.config.RegistrySettings;
import io.enseada.registry.config.SettingsLoader;
import io.enseada.registry.testing.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** HTTPS from PEM files, with HTTP/2 negotiated by ALPN and HSTS on responses. */
class TlsIT {
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

    private void assertServesHttp2(TestCertificates certificates) throws Exception {
        RegistrySettings settings = new SettingsLoader(Map.of(
                "ENSEADA_PORT", "0",
                "ENSEADA_HOST", "127.0.0.1",
                "ENSEADA_DATA_DIR", dir.resolve("data").toString(),
                "ENSEADA_ADMIN_PASSWORD", "tls-admin-pw",
                "ENSEADA_TLS", "true",
                "ENSEADA_TLS_KEY_PATH", certificates.keyFile().toString(),
                "ENSEADA_TLS_CERT_PATH", certificates.certFile().toString())).load();
        try (RegistryServer server = RegistryServer.start(settings, new PrintStream(new ByteArrayOutputStream()))) {
            HttpClient client = HttpClient.newBuilder()
                    .sslContext(certificates.clientContext())
                    .version(HttpClient.Version.HTTP_2)
                    .build();
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + "/health/live")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(response.headers().firstValue("strict-transport-security"))
                    .hasValueSatisfying(hsts -> assertThat(hsts).contains("max-age=31536000").contains("includeSubDomains"));
            assertThat(server.publicUrl().getScheme()).isEqualTo("https");
        }
    }
}
