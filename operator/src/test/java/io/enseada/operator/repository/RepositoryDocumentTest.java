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

    private static Repository withLifecycle(
            String name, Format format, RepositoryKind kind, MavenSpec maven, RetentionSpec retention, String quota) {
        RepositoryResourceSpec.ProxySpec proxy =
                kind == RepositoryKind.PROXY ? new ProxySpec("https://upstream.example.com/", null, null, null) : null;
        return Repositories.repository(
                "team",
                name,
                new RepositoryResourceSpec(
                        new ObjectReference("enseada"),
                        null,
                        format,
                        null,
                        maven,
                        null,
                        kind,
                        proxy,
                        null,
                        retention,
                        quota));
    }

    private static RetentionSpec oci(Integer keepTags, String tagsOlderThan) {
        return new RetentionSpec(keepTags, List.of("latest", "v*"), tagsOlderThan, "P7D", null, null, null, null, null);
    }

    private static RetentionSpec snapshots() {
        return new RetentionSpec(null, null, null, null, 3, "P1M", true, null, null);
    }

    @Test
    void retentionAndQuotaReachTheDocumentInTheRegistrysTerms() {
        RepositorySpec spec = RepositoryDocument.of(
                withLifecycle("containers", Format.OCI, null, null, oci(20, "P1Y"), "50Gi"), null);

        assertThat(spec.retention().keepTags()).isEqualTo(20);
        assertThat(spec.retention().keepTagPatterns()).containsExactly("latest", "v*");
        assertThat(spec.retention().tagsOlderThan()).isEqualTo(Duration.ofDays(365));
        assertThat(spec.retention().untaggedOlderThan()).isEqualTo(Duration.ofDays(7));
        assertThat(spec.quota().bytes()).isEqualTo(50L << 30);
        JsonNode document = json(spec);
        assertThat(document.at("/retention/keepTagPatterns").toString()).isEqualTo("[\"latest\",\"v*\"]");
        assertThat(document.at("/retention/untaggedOlderThan").asText()).isEqualTo("PT168H");
        assertThat(document.at("/retention/keepSnapshots").isMissingNode()).isTrue();
        assertThat(document.at("/quota").asText()).isEqualTo("50Gi");

        RepositorySpec maven = RepositoryDocument.of(
                withLifecycle(
                        "snapshots",
                        Format.MAVEN,
                        null,
                        new MavenSpec(VersionPolicy.SNAPSHOT, null),
                        snapshots(),
                        null),
                null);
        assertThat(maven.retention().keepSnapshots()).isEqualTo(3);
        assertThat(maven.retention().snapshotsOlderThan()).isEqualTo(Duration.ofDays(30));
        assertThat(maven.retention().removeReleasedSnapshots()).isTrue();
        assertThat(maven.quota()).isNull();

        RepositorySpec proxy = RepositoryDocument.of(
                withLifecycle(
                        "npmjs",
                        Format.NPM,
                        RepositoryKind.PROXY,
                        null,
                        new RetentionSpec(null, null, null, null, null, null, null, null, "P90D"),
                        null),
                null);
        assertThat(proxy.retention().unusedFor()).isEqualTo(Duration.ofDays(90));
    }

    @Test
    void whatTheModelRefusesOfRetentionAndQuotaIsRefusedInItsWords() {
        // where the API server has no rules to check (the fabric8 mock, a CRD of an older operator)
        assertThatThrownBy(() -> RepositoryDocument.of(
                        withLifecycle(
                                "releases",
                                Format.MAVEN,
                                null,
                                new MavenSpec(VersionPolicy.RELEASE, null),
                                snapshots(),
                                null),
                        null))
                .hasMessage("repository releases: retention.keepSnapshots applies only to hosted maven repositories"
                        + " whose versionPolicy is snapshot or mixed, not to this hosted maven repository");
        assertThatThrownBy(() -> RepositoryDocument.of(
                        withLifecycle("npmjs", Format.NPM, RepositoryKind.PROXY, null, null, "1Gi"), null))
                .hasMessage("repository npmjs: quota applies only to hosted repositories, whose clients write to them");
        // what the CRD's patterns let through
        assertThatThrownBy(() -> RepositoryDocument.of(
                        withLifecycle("containers", Format.OCI, null, null, oci(null, "PT0S"), null), null))
                .hasMessage("retention.tagsOlderThan must be a duration above PT0S and at most P36500D, not PT0S");
        assertThatThrownBy(() -> RepositoryDocument.of(
                        withLifecycle("containers", Format.OCI, null, null, oci(null, "P101Y"), null), null))
                .hasMessageStartingWith("retention.tagsOlderThan must be a duration above PT0S and at most P36500D");
        assertThatThrownBy(() -> RepositoryDocument.of(
                        withLifecycle("containers", Format.OCI, null, null, oci(null, "P99999999999999999Y"), null),
                        null))
                .hasMessage("retention.tagsOlderThan: 'P99999999999999999Y' is too long a duration");
        assertThatThrownBy(() ->
                        RepositoryDocument.of(withLifecycle("containers", Format.OCI, null, null, null, "0"), null))
                .hasMessage("quota must be at least one byte, not 0");
        assertThatThrownBy(() -> RepositoryDocument.of(
                        withLifecycle("containers", Format.OCI, null, null, null, "9999999999999999999E"), null))
                .hasMessageContaining("is larger than");
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
