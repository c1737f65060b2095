package io.enseada.shared.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.shared.json.Json;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepositorySpecTest {
    private final ObjectMapper json = Json.newMapper();

    @Test
    void aDocumentWrittenBeforeKindsExistedReadsAsHosted() throws Exception {
        RepositorySpec stored =
                json.readValue("{\"name\":\"npm\",\"format\":\"npm\",\"visibility\":\"public\"}", RepositorySpec.class);

        assertThat(stored.kind()).isEqualTo(RepositoryKind.HOSTED);
        assertThat(stored.acceptsWrites()).isTrue();
        assertThat(stored.proxy()).isNull();
        assertThat(stored.group()).isNull();
    }

    @Test
    void aProxyRoundTripsWithTheIssuesFieldNamesAndDurationsAsIsoText() throws Exception {
        String declared = "{\"name\":\"npmjs\",\"format\":\"npm\",\"kind\":\"proxy\",\"proxy\":{"
                + "\"url\":\"https://upstream.example.com/npm\","
                + "\"credentials\":{\"username\":\"ci\",\"password\":\"s3cret\"},"
                + "\"metadataMaxAge\":\"PT10M\",\"negativeCacheTtl\":\"PT1M\"}}";

        RepositorySpec proxy = json.readValue(declared, RepositorySpec.class);
        ObjectNode written = json.valueToTree(proxy);

        assertThat(proxy.acceptsWrites()).isFalse();
        assertThat(proxy.proxy().url()).isEqualTo(URI.create("https://upstream.example.com/npm/"));
        assertThat(proxy.proxy().metadataMaxAge()).isEqualTo(Duration.ofMinutes(10));
        assertThat(written.path("kind").asText()).isEqualTo("proxy");
        assertThat(written.path("proxy").path("url").asText()).isEqualTo("https://upstream.example.com/npm/");
        assertThat(written.path("proxy").path("metadataMaxAge").asText()).isEqualTo("PT10M");
        assertThat(written.path("proxy").path("negativeCacheTtl").asText()).isEqualTo("PT1M");
        assertThat(written.path("proxy").path("credentials").path("password").asText())
                .isEqualTo("s3cret");
        assertThat(json.treeToValue(written, RepositorySpec.class)).isEqualTo(proxy);
    }

    @Test
    void aProxyWithoutDurationsGetsTheDefaults() {
        ProxyOptions options = new ProxyOptions(URI.create("http://127.0.0.1:8081"));

        assertThat(options.url()).isEqualTo(URI.create("http://127.0.0.1:8081/"));
        assertThat(options.metadataMaxAge()).isEqualTo(Duration.ofMinutes(30));
        assertThat(options.negativeCacheTtl()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void theUpstreamPasswordNeverPrintsAndIsLeftOutOfWhatTheApiShows() {
        RepositorySpec proxy = RepositorySpec.proxy(
                "central",
                Format.MAVEN,
                Visibility.PRIVATE,
                new ProxyOptions(
                        URI.create("https://repo.example.com/maven2/"),
                        new UpstreamCredentials("ci", "hunter2-secret"),
                        null,
                        null));

        assertThat(proxy.toString()).doesNotContain("hunter2-secret").contains("ci");
        RepositorySpec shown = proxy.withoutSecrets();
        assertThat(shown.proxy().credentials().username()).isEqualTo("ci");
        assertThat(shown.proxy().credentials().hasPassword()).isFalse();
        assertThat(json.valueToTree(shown).toString())
                .doesNotContain("hunter2-secret")
                .doesNotContain("password");
    }

    @Test
    void optionsMustMatchTheKind() {
        ProxyOptions upstream = new ProxyOptions(URI.create("https://upstream.example.com/"));
        GroupOptions members = new GroupOptions(List.of("a", "b"));

        assertThatThrownBy(() -> new RepositorySpec("p", Format.NPM, RepositoryKind.PROXY, null, null, null, null))
                .hasMessageContaining("kind proxy needs proxy:");
        assertThatThrownBy(() -> new RepositorySpec("g", Format.NPM, RepositoryKind.GROUP, null, null, null, null))
                .hasMessageContaining("kind group needs group:");
        assertThatThrownBy(() -> new RepositorySpec("h", Format.NPM, null, null, null, upstream, null))
                .hasMessageContaining("proxy options apply only to repositories of kind proxy");
        assertThatThrownBy(
                        () -> new RepositorySpec("p", Format.NPM, RepositoryKind.PROXY, null, null, upstream, members))
                .hasMessageContaining("group options apply only to repositories of kind group");
        assertThatThrownBy(() -> RepositorySpec.group("a", Format.NPM, null, members))
                .hasMessageContaining("cannot be its own member");
    }

    @Test
    void anUpstreamUrlMustBeHttpWithAHostAndNoCredentialsQueryOrFragment() {
        for (String bad : List.of(
                "ftp://example.com/",
                "/relative/path",
                "https://user:pass@example.com/",
                "https://example.com/?token=x",
                "https://example.com/#f",
                "file:///etc/passwd")) {
            assertThatThrownBy(() -> new ProxyOptions(URI.create(bad)))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("proxy.url")
                    .hasMessageNotContaining("pass@");
        }
    }

    @Test
    void durationsAreBoundedAndNotNegative() {
        URI url = URI.create("https://example.com/");
        assertThatThrownBy(() -> new ProxyOptions(url, null, Duration.ofSeconds(-1), null))
                .hasMessageContaining("proxy.metadataMaxAge");
        assertThatThrownBy(() -> new ProxyOptions(url, null, null, Duration.ofDays(366)))
                .hasMessageContaining("proxy.negativeCacheTtl");
        assertThat(new ProxyOptions(url, null, Duration.ZERO, Duration.ZERO).metadataMaxAge())
                .isZero();
    }

    @Test
    void groupMembersAreValidNamesEachOnce() {
        assertThatThrownBy(() -> new GroupOptions(List.of())).hasMessageContaining("at least one");
        assertThatThrownBy(() -> new GroupOptions(List.of("a", "a"))).hasMessageContaining("'a' twice");
        assertThatThrownBy(() -> new GroupOptions(List.of("Not_Valid"))).hasMessageContaining("repository name");
    }
}
