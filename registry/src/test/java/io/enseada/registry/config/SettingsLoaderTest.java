package io.enseada.registry.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enseada.shared.model.Format;
import io.enseada.shared.model.RepositoryKind;
import io.enseada.shared.model.RepositorySpec;
import io.enseada.shared.model.VersionPolicy;
import io.enseada.shared.model.Visibility;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsLoaderTest {
    @TempDir
    Path dir;

    @Test
    void noConfigurationGivesTheEmbeddedDefaults() {
        RegistrySettings settings = new SettingsLoader(Map.of()).load();

        assertThat(settings.port()).isEqualTo(9623);
        assertThat(settings.host()).isEqualTo("0.0.0.0");
        assertThat(settings.publicUrl()).isNull();
        assertThat(settings.storage())
                .isEqualTo(new StorageSettings.Filesystem(Path.of("./data").resolve("blobs")));
        assertThat(settings.metadata()).isInstanceOf(MetadataSettings.Embedded.class);
        assertThat(settings.tls().enabled()).isFalse();
        assertThat(settings.logging().json()).isFalse();
        assertThat(settings.uploadMaxAge()).isEqualTo(Duration.ofHours(24));
        assertThat(settings.repositories())
                .extracting(r -> r.name() + "/" + r.format().wireName() + "/"
                        + r.visibility().wireName())
                .containsExactly(
                        "containers/oci/private",
                        "maven-releases/maven/private",
                        "maven-snapshots/maven/private",
                        "npm/npm/private");
        assertThat(settings.repositories().get(1).maven().versionPolicy()).isEqualTo(VersionPolicy.RELEASE);
        assertThat(settings.repositories().get(2).maven().versionPolicy()).isEqualTo(VersionPolicy.SNAPSHOT);
    }

    @Test
    void withoutDefaultRepositoriesNothingIsDeclaredUnlessTheFileListsRepositories() throws IOException {
        assertThat(new SettingsLoader(Map.of("ENSEADA_DEFAULT_REPOSITORIES", "false"))
                        .load()
                        .repositories())
                .isEmpty();
        Path file = write("""
                defaultRepositories: false
                """);
        assertThat(new SettingsLoader(Map.of("ENSEADA_CONFIG", file.toString()))
                        .load()
                        .repositories())
                .isEmpty();
        Path listed = write("""
                defaultRepositories: false
                repositories:
                  - {name: images, format: oci}
                """);
        assertThat(new SettingsLoader(Map.of("ENSEADA_CONFIG", listed.toString()))
                        .load()
                        .repositories())
                .extracting(r -> r.name())
                .containsExactly("images");
        assertError(
                Map.of("ENSEADA_DEFAULT_REPOSITORIES", "never"),
                "ENSEADA_DEFAULT_REPOSITORIES (defaultRepositories): 'never' is not true or false");
    }

    @Test
    void yamlFileIsReadAndVariablesWinOverIt() throws IOException {
        Path file = write("""
                port: 7000
                publicUrl: https://registry.example.com
                storage:
                  kind: s3
                  s3:
                    bucket: blobs
                    endpoint: http://127.0.0.1:9000
                    pathStyle: true
                    accessKeyId: AKIA
                    secretAccessKey: s3cr3t
                metadata:
                  kind: couchdb
                  couchdb:
                    url: http://couch:5984
                    username: enseada
                    password: couchpw
                logging:
                  format: json
                repositories:
                  - name: images
                    format: oci
                    visibility: public
                  - name: libs
                    format: maven
                    maven:
                      versionPolicy: mixed
                      allowRedeploy: true
                """);
        Map<String, String> env =
                Map.of("ENSEADA_CONFIG", file.toString(), "ENSEADA_PORT", "7100", "ENSEADA_S3_BUCKET", "other-bucket");

        RegistrySettings settings = new SettingsLoader(env).load();

        assertThat(settings.port()).isEqualTo(7100);
        assertThat(settings.publicUrl()).isEqualTo(URI.create("https://registry.example.com"));
        StorageSettings.S3 s3 = (StorageSettings.S3) settings.storage();
        assertThat(s3.bucket()).isEqualTo("other-bucket");
        assertThat(s3.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9000"));
        assertThat(s3.pathStyle()).isTrue();
        assertThat(s3.secretAccessKey().value()).isEqualTo("s3cr3t");
        MetadataSettings.CouchDb couch = (MetadataSettings.CouchDb) settings.metadata();
        assertThat(couch.database()).isEqualTo("enseada");
        assertThat(couch.password().value()).isEqualTo("couchpw");
        assertThat(settings.logging().json()).isTrue();
        assertThat(settings.repositories()).hasSize(2);
        assertThat(settings.repositories().get(0).visibility()).isEqualTo(Visibility.PUBLIC);
        assertThat(settings.repositories().get(1).format()).isEqualTo(Format.MAVEN);
        assertThat(settings.repositories().get(1).maven().versionPolicy()).isEqualTo(VersionPolicy.MIXED);
        assertThat(settings.repositories().get(1).maven().allowRedeploy()).isTrue();
    }

    @Test
    void secretsNeverPrint() throws IOException {
        Path file = write("""
                storage: {kind: s3, s3: {bucket: b, accessKeyId: id, secretAccessKey: topsecret}}
                metadata: {kind: couchdb, couchdb: {url: "http://c:5984", password: alsosecret}}
                adminPassword: adminsecret
                """);
        String printed = new SettingsLoader(Map.of("ENSEADA_CONFIG", file.toString()))
                .load()
                .toString();
        assertThat(printed).doesNotContain("topsecret", "alsosecret", "adminsecret");
    }

    @Test
    void unknownStorageKindNamesTheSetting() {
        assertThatThrownBy(() -> new SettingsLoader(Map.of("ENSEADA_STORAGE", "tape")).load())
                .isInstanceOf(ConfigException.class)
                .hasMessage("ENSEADA_STORAGE (storage.kind): 'tape' is not one of filesystem, s3");
    }

    @Test
    void eachRequiredSettingIsNamed() {
        assertError(
                Map.of("ENSEADA_STORAGE", "s3"),
                "ENSEADA_S3_BUCKET (storage.s3.bucket): is required when ENSEADA_STORAGE is s3");
        assertError(
                Map.of("ENSEADA_METADATA", "couchdb"),
                "ENSEADA_COUCHDB_URL (metadata.couchdb.url): is required when ENSEADA_METADATA is couchdb");
        assertError(
                Map.of("ENSEADA_TLS", "true"),
                "ENSEADA_TLS_KEY_PATH (tls.keyPath): is required when ENSEADA_TLS is true");
        assertError(
                Map.of("ENSEADA_TLS", "true", "ENSEADA_TLS_KEY_PATH", "k.pem"),
                "ENSEADA_TLS_CERT_PATH (tls.certPath): is required when ENSEADA_TLS is true");
        assertError(Map.of("ENSEADA_PORT", "http"), "ENSEADA_PORT (port): 'http' is not a port number (0-65535)");
        assertError(Map.of("ENSEADA_TLS", "maybe"), "ENSEADA_TLS (tls.enabled): 'maybe' is not true or false");
        assertError(
                Map.of("ENSEADA_LOG_FORMAT", "xml"),
                "ENSEADA_LOG_FORMAT (logging.format): 'xml' is not one of text, json");
        assertError(
                Map.of("ENSEADA_UPLOAD_MAX_AGE", "1 day"),
                "ENSEADA_UPLOAD_MAX_AGE (uploads.maxAge): '1 day' is not an ISO-8601 duration such as PT24H");
        assertError(
                Map.of("ENSEADA_CONFIG", dir.resolve("missing.yaml").toString()),
                "ENSEADA_CONFIG: cannot read " + dir.resolve("missing.yaml") + " (NoSuchFileException)");
    }

    @Test
    void trustedProxiesAreAddressesAndRangesNoneByDefault() throws IOException {
        assertThat(new SettingsLoader(Map.of()).load().trustedProxies()).isEmpty();
        Path file = write("trustedProxies: \"10.0.0.0/8, 192.168.1.5\"\n");
        assertThat(new SettingsLoader(Map.of("ENSEADA_CONFIG", file.toString()))
                        .load()
                        .trustedProxies())
                .containsExactly("10.0.0.0/8", "192.168.1.5");
        assertThat(new SettingsLoader(Map.of("ENSEADA_CONFIG", file.toString(), "ENSEADA_TRUSTED_PROXIES", "fd00::/8"))
                        .load()
                        .trustedProxies())
                .containsExactly("fd00::/8");
        assertError(
                Map.of("ENSEADA_TRUSTED_PROXIES", "10.0.0.0/8,ingress.local"),
                "ENSEADA_TRUSTED_PROXIES (trustedProxies): 'ingress.local' is not an IP address or CIDR range");
    }

    @Test
    void urlErrorsDoNotRepeatCredentials() {
        assertThatThrownBy(() -> new SettingsLoader(Map.of(
                                "ENSEADA_METADATA", "couchdb", "ENSEADA_COUCHDB_URL", "ftp://admin:hunter2@couch"))
                        .load())
                .hasMessage("ENSEADA_COUCHDB_URL (metadata.couchdb.url): 'ftp://couch' is not an http(s) URL");
    }

    @Test
    void badRepositoriesAreNamedByPosition() throws IOException {
        Path file = write("""
                repositories:
                  - name: ok
                    format: npm
                  - name: Not_Valid
                    format: oci
                """);
        assertThatThrownBy(() -> new SettingsLoader(Map.of("ENSEADA_CONFIG", file.toString())).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("repositories[1]: repository name 'Not_Valid' must be");

        Path badFormat = write("""
                repositories:
                  - name: ok
                    format: pypi
                """);
        assertThatThrownBy(() -> new SettingsLoader(Map.of("ENSEADA_CONFIG", badFormat.toString())).load())
                .hasMessageContaining("repositories[0]: ")
                .hasMessageContaining("'pypi' is not one of oci, maven, npm");
    }

    @Test
    void aTypoInARepositoryIsNamedWithItsPlace() throws IOException {
        Path file = write("""
                repositories:
                  - name: images
                    format: oci
                  - name: libs
                    format: npm
                    visiblity: public
                """);
        assertConfigError(
                file,
                "repositories[1].visiblity: unknown key in " + file
                        + " (known here: format, group, kind, maven, name, proxy, quota, retention, visibility)");
    }

    @Test
    void proxyAndGroupRepositoriesAreDeclaredWithTheirOptions() throws IOException {
        Path file = write("""
                repositories:
                  - {name: npm, format: npm}
                  - name: npmjs
                    format: npm
                    kind: proxy
                    proxy:
                      url: https://upstream.example.com/npm
                      credentials: {username: ci, password: pw}
                      metadataMaxAge: PT2M
                  - {name: npm-all, format: npm, kind: group, group: {members: [npm, npmjs]}}
                """);
        List<RepositorySpec> repositories = new SettingsLoader(Map.of("ENSEADA_CONFIG", file.toString()))
                .load()
                .repositories();

        assertThat(repositories)
                .extracting(RepositorySpec::kind)
                .containsExactly(RepositoryKind.HOSTED, RepositoryKind.PROXY, RepositoryKind.GROUP);
        assertThat(repositories.get(1).proxy().url()).isEqualTo(URI.create("https://upstream.example.com/npm/"));
        assertThat(repositories.get(1).proxy().metadataMaxAge()).isEqualTo(Duration.ofMinutes(2));
        assertThat(repositories.get(1).proxy().credentials().password()).isEqualTo("pw");
        assertThat(repositories.get(2).group().members()).containsExactly("npm", "npmjs");
    }

    @Test
    void retentionAndQuotaAreDeclaredWithTheKeysTheIssueNames() throws IOException {
        Path file = write("""
                repositories:
                  - name: images
                    format: oci
                    retention:
                      keepTags: 10
                      keepTagPatterns: ["v*"]
                      untaggedOlderThan: P7D
                    quota: 10Gi
                  - name: snapshots
                    format: maven
                    maven: {versionPolicy: snapshot}
                    retention: {keepSnapshots: 5, snapshotsOlderThan: P30D}
                  - {name: js, format: npm, retention: {versionsOlderThan: P365D}, quota: 1.5G}
                  - {name: npmjs, format: npm, kind: proxy, proxy: {url: "https://example.com/"}, retention: {unusedFor: P90D}}
                """);
        List<RepositorySpec> repositories = new SettingsLoader(Map.of("ENSEADA_CONFIG", file.toString()))
                .load()
                .repositories();

        assertThat(repositories.get(0).retention().keepTags()).isEqualTo(10);
        assertThat(repositories.get(0).retention().keepsTag("v1.2")).isTrue();
        assertThat(repositories.get(0).retention().keepsTag("main")).isFalse();
        assertThat(repositories.get(0).retention().untaggedOlderThan()).isEqualTo(Duration.ofDays(7));
        assertThat(repositories.get(0).quota().bytes()).isEqualTo(10L << 30);
        assertThat(repositories.get(1).retention().keepSnapshots()).isEqualTo(5);
        assertThat(repositories.get(2).quota().bytes()).isEqualTo(1_500_000_000L);
        assertThat(repositories.get(3).retention().unusedFor()).isEqualTo(Duration.ofDays(90));
    }

    @Test
    void aRetentionKeyOrQuotaThatCouldDoNothingForTheRepositoryStopsTheStart() throws IOException {
        assertConfigError(
                write("""
                        repositories:
                          - {name: images, format: oci, retention: {keepSnapshots: 5}}
                        """),
                "repositories[0]: repository images: retention.keepSnapshots applies only to hosted maven"
                        + " repositories whose versionPolicy is snapshot or mixed, not to this hosted oci repository");
        assertConfigError(
                write("""
                        repositories:
                          - {name: libs, format: maven, retention: {keepSnapshots: 5}}
                        """),
                "repositories[0]: repository libs: retention.keepSnapshots applies only to hosted maven"
                        + " repositories whose versionPolicy is snapshot or mixed, not to this hosted maven repository");
        assertConfigError(
                write("""
                        repositories:
                          - {name: js, format: npm, retention: {unusedFor: P1D}}
                        """),
                "repositories[0]: repository js: retention.unusedFor applies only to proxy repositories,"
                        + " not to this hosted npm repository");
        assertConfigError(write("""
                        repositories:
                          - {name: images, format: oci, retention: {keepTags: 0}}
                        """), "repositories[0]: retention.keepTags must be between 1 and 100000, not 0");
        assertConfigError(
                write("""
                        repositories:
                          - {name: images, format: oci, quota: 10GB}
                        """),
                "repositories[0]: quota must be a quantity such as 10Gi, 500Mi or 2G (suffixes Ki Mi Gi Ti Pi Ei k M G T P E), not '10GB'");
        assertConfigError(
                write("""
                        repositories:
                          - {name: images, format: oci, quota: 99999999999999999999Ei}
                        """),
                "repositories[0]: quota must be a quantity such as 10Gi, 500Mi or 2G (suffixes Ki Mi Gi Ti Pi Ei k M G T P E), not '99999999999999999999Ei'");
        assertConfigError(write("""
                        repositories:
                          - {name: images, format: oci, quota: 9000000000Ei}
                        """), "repositories[0]: quota 9000000000Ei is larger than 9223372036854775807 bytes");
        assertConfigError(
                write("""
                        repositories:
                          - {name: npmjs, format: npm, kind: proxy, proxy: {url: "https://example.com/"}, quota: 1Gi}
                        """),
                "repositories[0]: repository npmjs: quota applies only to hosted repositories, whose clients write to them");
    }

    @Test
    void aProxyOrGroupThatCouldNeverServeStopsTheStart() throws IOException {
        assertConfigError(write("""
                        repositories:
                          - {name: a, format: npm, kind: group, group: {members: [b]}}
                          - {name: b, format: npm, kind: group, group: {members: [a]}}
                        """), "repositories: groups form a cycle: a -> b -> a in %s");
        assertConfigError(write("""
                        repositories:
                          - {name: a, format: npm, kind: group, group: {members: [gone]}}
                        """), "repositories: group a: member 'gone' does not exist in %s");
        assertConfigError(write("""
                        repositories:
                          - {name: p, format: npm, kind: proxy}
                        """), "repositories[0]: repository p: kind proxy needs proxy: {url: ...}");
        assertConfigError(write("""
                        repositories:
                          - {name: p, format: npm, kind: proxy, proxy: {url: "https://u:secret@example.com/"}}
                        """), "repositories[0]: proxy.url must not hold credentials: use proxy.credentials");
        assertConfigError(write("""
                        repositories:
                          - {name: p, format: npm, kind: proxy, proxy: {url: "https://example.com/", credentials: {username: ci}}}
                        """), "repositories[0].proxy.credentials.password is required");
        assertConfigError(
                write("""
                        repositories:
                          - {name: p, format: npm, kind: proxy, proxy: {url: "https://example.com/", metadataMaxAgee: PT1M}}
                        """),
                "repositories[0].proxy.metadataMaxAgee: unknown key in %s"
                        + " (known here: credentials, metadataMaxAge, negativeCacheTtl, url)");
    }

    @Test
    void optionsOfAnotherFormatAreAnUnknownKey() throws IOException {
        Path withOptions = write("""
                repositories:
                  - name: js
                    format: npm
                    maven:
                      allowRedeploy: true
                """);
        assertConfigError(
                withOptions,
                "repositories[0].maven: unknown key for a repository of format 'npm' in " + withOptions
                        + " (maven options apply only to format maven)");
        Path empty = write("""
                repositories:
                  - name: images
                    format: oci
                    maven:
                """);
        assertConfigError(
                empty,
                "repositories[0].maven: unknown key for a repository of format 'oci' in " + empty
                        + " (maven options apply only to format maven)");
    }

    @Test
    void unknownKeysAtEveryLevelAreNamed() throws IOException {
        Path typo = write("prot: 7000\n");
        // Every top-level key is offered, so this list grows with the settings; the near miss must be among them.
        assertThatThrownBy(() -> new SettingsLoader(Map.of("ENSEADA_CONFIG", typo.toString())).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("prot: unknown key in " + typo + " (known here: adminPassword, dataDir, ")
                .hasMessageContaining(", port, ")
                .hasMessageEndingWith(", users)");
        assertConfigError(
                write("storage:\n  kind: s3\n  s3:\n    bukcet: blobs\n"),
                "storage.s3.bukcet: unknown key in %s (known here: accessKeyId, bucket, endpoint, pathStyle, prefix, region, secretAccessKey)");
        assertConfigError(
                write("logging:\n  format: json\n  colour: true\n"),
                "logging.colour: unknown key in %s (known here: access, format, level)");
        assertConfigError(
                write("repositories:\n  - name: libs\n    format: maven\n    maven:\n      allowRedploy: true\n"),
                "repositories[0].maven.allowRedploy: unknown key in %s (known here: allowRedeploy, versionPolicy)");
        assertConfigError(
                write(
                        "policies:\n  - name: p\n    subjects: [anonymous]\n    rules:\n      - repositories: [\"*\"]\n        action: [read]\n"),
                "policies[0].rules[0].action: unknown key in %s (known here: actions, paths, repositories)");
        assertConfigError(
                write("users:\n  - name: alice\n    pasword: x\n"),
                "users[0].pasword: unknown key in %s (known here: admin, disabled, groups, name, password, passwordHash)");
        assertConfigError(
                write("robots:\n  - name: ci\n    descripton: x\n"),
                "robots[0].descripton: unknown key in %s (known here: description, disabled, name)");
    }

    @Test
    void aSectionGivenAsAValueIsAnError() throws IOException {
        assertConfigError(write("storage: s3\n"), "storage: expected a section with kind, s3 in %s, found 's3'");
        assertConfigError(write("- port: 7000\n"), "%s: expected a mapping of settings at the top, found a array");
    }

    @Test
    void theReadmeExamplesHoldOnlyKnownKeys() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        java.util.regex.Matcher blocks = java.util.regex.Pattern.compile(
                        "```yaml\n(.*?)```", java.util.regex.Pattern.DOTALL)
                .matcher(readme);
        int configurationFiles = 0;
        while (blocks.find()) {
            String yaml = blocks.group(1);
            // Kubernetes manifests and status excerpts in the README are not registry configuration files.
            if (yaml.contains("apiVersion:") || yaml.contains("imagePullSecrets:") || yaml.startsWith("status:")) {
                continue;
            }
            // Nor are a client's configuration (yarn 4's .yarnrc.yml) and Argo CD's argocd-cm entries.
            if (yaml.contains("npmRegistryServer:") || yaml.contains("resource.customizations")) {
                continue;
            }
            Path file = write(yaml);
            new SettingsLoader(Map.of("ENSEADA_CONFIG", file.toString())).load();
            configurationFiles++;
        }
        assertThat(configurationFiles).isGreaterThanOrEqualTo(2);
    }

    @Test
    void readmeListsEverySettingWithItsYamlKeyAndDefault() throws IOException {
        Path readme = Path.of("..", "README.md");
        String text = Files.readString(readme);
        Arrays.stream(Setting.values()).forEach(setting -> {
            assertThat(text).as("README lists %s", setting.env()).contains("`" + setting.env() + "`");
            if (setting.yamlKey() != null) {
                assertThat(text).as("README lists %s", setting.yamlKey()).contains("`" + setting.yamlKey() + "`");
            }
        });
    }

    /** {@code %s} in {@code message} stands for the file's path. */
    private static void assertConfigError(Path file, String message) {
        assertThatThrownBy(() -> new SettingsLoader(Map.of("ENSEADA_CONFIG", file.toString())).load())
                .isInstanceOf(ConfigException.class)
                .hasMessage(message.replace("%s", file.toString()));
    }

    private void assertError(Map<String, String> env, String message) {
        Map<String, String> copy = new HashMap<>(env);
        assertThatThrownBy(() -> new SettingsLoader(copy).load())
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }

    private Path write(String yaml) throws IOException {
        Path file = Files.createTempFile(dir, "enseada", ".yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
