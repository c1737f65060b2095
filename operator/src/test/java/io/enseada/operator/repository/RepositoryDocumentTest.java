package io.enseada.operator.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.enseada.operator.common.ObjectReference;
import io.enseada.operator.repository.RepositoryResourceSpec.CredentialsSpec;
import io.enseada.operator.repository.RepositoryResourceSpec.MavenSpec;
import io.enseada.operator.repository.RepositoryResourceSpec.ProxySpec;
import io.enseada.shared.json.Json;
import io.enseada.shared.model.Format;
import io.enseada.shared.model.RepositoryKind;
import io.enseada.shared.model.RepositorySpec;
import io.enseada.shared.model.UpstreamCredentials;
import io.enseada.shared.model.VersionPolicy;
import io.enseada.shared.model.Visibility;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The document a Repository resource becomes: the registry's YAML fields, in the registry's terms. */
class RepositoryDocumentTest {
    private static final UpstreamCredentials CREDENTIALS = new UpstreamCredentials("puller", "s3cret-value");

    private static Repository proxy(String url, String metadataMaxAge, String negativeCacheTtl) {
        return Repositories.repository(
                "team",
                "npmjs",
                new RepositoryResourceSpec(
                        new ObjectReference("enseada"),
                        null,
                        Format.NPM,
                        Visibility.PUBLIC,
                        null,
                        null,
                        RepositoryKind.PROXY,
                        new ProxySpec(url, new CredentialsSpec("npmjs-upstream"), metadataMaxAge, negativeCacheTtl),
                        null));
    }

    private static JsonNode json(RepositorySpec spec) {
        return Json.newMapper().valueToTree(spec);
    }

    @Test
    void aHostedRepositoryIsWhatItWasBeforeKindsExisted() {
        Repository maven = Repositories.repository(
                "team",
                "maven-releases",
                new RepositoryResourceSpec(
                        new ObjectReference("enseada"),
                        "releases",
                        Format.MAVEN,
                        null,
                        new MavenSpec(VersionPolicy.MIXED, true),
                        null));

        RepositorySpec spec = RepositoryDocument.of(maven, null);

        assertThat(spec.name()).isEqualTo("releases");
        assertThat(spec.kind()).isEqualTo(RepositoryKind.HOSTED);
        assertThat(spec.visibility()).isEqualTo(Visibility.PRIVATE);
        assertThat(spec.maven().versionPolicy()).isEqualTo(VersionPolicy.MIXED);
        assertThat(spec.proxy()).isNull();
        assertThat(spec.group()).isNull();
        assertThat(json(spec).path("kind").asText()).isEqualTo("hosted");
    }

    @Test
    void aProxyCarriesItsUpstreamDurationsAndTheSecretsValues() {
        RepositorySpec spec =
                RepositoryDocument.of(proxy("https://npm-upstream.example.com/registry", "P1D", "PT0S"), CREDENTIALS);

        assertThat(spec.kind()).isEqualTo(RepositoryKind.PROXY);
        assertThat(spec.visibility()).isEqualTo(Visibility.PUBLIC);
        assertThat(spec.proxy().url()).isEqualTo(URI.create("https://npm-upstream.example.com/registry/"));
        assertThat(spec.proxy().metadataMaxAge()).isEqualTo(Duration.ofDays(1));
        assertThat(spec.proxy().negativeCacheTtl()).isZero();
        assertThat(spec.proxy().credentials()).isEqualTo(CREDENTIALS);
        JsonNode document = json(spec);
        assertThat(document.at("/proxy/url").asText()).isEqualTo("https://npm-upstream.example.com/registry/");
        assertThat(document.at("/proxy/metadataMaxAge").asText()).isEqualTo("PT24H");
        assertThat(document.at("/proxy/negativeCacheTtl").asText()).isEqualTo("PT0S");
        assertThat(document.at("/proxy/credentials/username").asText()).isEqualTo("puller");
        assertThat(document.at("/proxy/credentials/password").asText()).isEqualTo("s3cret-value");
    }

    @Test
    void aProxyWithoutDurationsGetsTheRegistrysDefaultsAndWithoutCredentialsIsAnonymous() {
        RepositorySpec spec = RepositoryDocument.of(proxy("http://upstream:4873", null, null), null);

        assertThat(spec.proxy().url()).isEqualTo(URI.create("http://upstream:4873/"));
        assertThat(spec.proxy().metadataMaxAge()).isEqualTo(Duration.ofMinutes(30));
        assertThat(spec.proxy().negativeCacheTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(spec.proxy().credentials()).isNull();
        assertThat(json(spec).at("/proxy/credentials").isMissingNode()).isTrue();
    }

    @Test
    void aGroupCarriesItsMembersInOrder() {
        RepositorySpec spec =
                RepositoryDocument.of(Repositories.group("team", "npm-all", Format.NPM, "npm", "npmjs"), null);

        assertThat(spec.kind()).isEqualTo(RepositoryKind.GROUP);
        assertThat(spec.group().members()).containsExactly("npm", "npmjs");
        assertThat(json(spec).at("/group/members").toString()).isEqualTo("[\"npm\",\"npmjs\"]");
    }

    @Test
    void aGroupProtectsHostedPackagesUnlessItsResourceSaysOtherwise() {
        assertThat(RepositoryDocument.of(Repositories.group("team", "npm-all", Format.NPM, "npm"), null)
                        .group()
                        .protectHostedPackages())
                .isTrue();
        Repository merging = Repositories.repository(
                "team",
                "npm-all",
                new RepositoryResourceSpec(
                        new ObjectReference("enseada"),
                        null,
                        Format.NPM,
                        null,
                        null,
                        null,
                        RepositoryKind.GROUP,
                        null,
                        new RepositoryResourceSpec.GroupSpec(List.of("npm"), false)));

        RepositorySpec spec = RepositoryDocument.of(merging, null);

        assertThat(spec.group().protectHostedPackages()).isFalse();
        assertThat(json(spec).at("/group/protectHostedPackages").asBoolean(true))
                .isFalse();
    }

    @Test
    void whatTheSchemaCannotCatchIsRefusedWithTheFieldsName() {
        assertThatThrownBy(() -> RepositoryDocument.of(proxy("https://upstream.example.com/", "P2Y", null), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("metadataMaxAge");
        assertThatThrownBy(() -> RepositoryDocument.of(proxy("https://upstream.example.com/", "P1", null), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("proxy.metadataMaxAge");
        assertThatThrownBy(() -> RepositoryDocument.of(proxy("https://upstream example.com/", null, null), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("proxy.url");
        assertThatThrownBy(() ->
                        RepositoryDocument.of(Repositories.group("team", "loop", Format.NPM, "npm", "loop"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("its own member");
        assertThatThrownBy(() ->
                        RepositoryDocument.of(Repositories.group("team", "all", Format.NPM, "npm", "Not_A_Name"), null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
