package io.enseada.registry.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.enseada.shared.json.Json;
import io.enseada.shared.model.Format;
import io.enseada.shared.model.MavenOptions;
import io.enseada.shared.model.PolicySpec;
import io.enseada.shared.model.ProxyOptions;
import io.enseada.shared.model.RepositoryGraph;
import io.enseada.shared.model.RepositorySpec;
import io.enseada.shared.model.VersionPolicy;
import io.enseada.shared.model.Visibility;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds {@link RegistrySettings} from the environment and the YAML file it names. */
public final class SettingsLoader {
    /** What a registry with no configuration file offers. */
    public static final List<RepositorySpec> DEFAULT_REPOSITORIES = List.of(
            new RepositorySpec("containers", Format.OCI, Visibility.PRIVATE, null),
            new RepositorySpec(
                    "maven-releases", Format.MAVEN, Visibility.PRIVATE, new MavenOptions(VersionPolicy.RELEASE, false)),
            new RepositorySpec(
                    "maven-snapshots",
                    Format.MAVEN,
                    Visibility.PRIVATE,
                    new MavenOptions(VersionPolicy.SNAPSHOT, false)),
            new RepositorySpec("npm", Format.NPM, Visibility.PRIVATE, null));

    /** The top-level lists and the record each entry binds to. */
    private static final Map<String, Class<?>> LISTS = Map.of(
            "repositories",
            RepositorySpec.class,
            "users",
            DeclaredUser.class,
            "robots",
            DeclaredRobot.class,
            "policies",
            PolicySpec.class);

    private final Map<String, String> env;
    private final ObjectMapper yamlMapper = Json.configure(new ObjectMapper(new YAMLFactory()));

    public SettingsLoader(Map<String, String> env) {
        this.env = env;
    }

    /** @throws ConfigException naming the first setting that is wrong or missing */
    public RegistrySettings load() {
        JsonNode yaml = readYaml();
        new KnownKeys(yamlMapper, LISTS, configFile()).check(yaml);
        SettingsSource source = new SettingsSource(env, yaml);
        int port = source.port(Setting.PORT);
        TlsSettings tls = tls(source);
        String publicUrl = source.text(Setting.PUBLIC_URL);
        URI url = publicUrl == null ? null : source.url(Setting.PUBLIC_URL, publicUrl.replaceAll("/+$", ""));
        Path dataDir = source.path(Setting.DATA_DIR, source.text(Setting.DATA_DIR));
        return new RegistrySettings(
                source.text(Setting.HOST),
                port,
                url,
                dataDir,
                source.secret(Setting.ADMIN_PASSWORD),
                storage(source, dataDir),
                metadata(source, dataDir),
                new LoggingSettings(
                        "json".equals(source.choice(Setting.LOG_FORMAT, "text", "json")),
                        source.choice(Setting.LOG_LEVEL, "error", "warn", "info", "debug", "trace"),
                        source.bool(Setting.ACCESS_LOG)),
                tls,
                source.duration(Setting.UPLOAD_MAX_AGE),
                source.duration(Setting.SHUTDOWN_GRACE),
                source.secret(Setting.TOKEN_SIGNING_KEY),
                new LoginLimits(
                        source.positive(Setting.LOGIN_FAILURES_PER_ACCOUNT),
                        source.positive(Setting.LOGIN_FAILURES_PER_ADDRESS)),
                repositories(source),
                declared(source.yaml(), "users", DeclaredUser.class),
                declared(source.yaml(), "robots", DeclaredRobot.class),
                declared(source.yaml(), "policies", PolicySpec.class),
                trustedProxies(source),
                new ClientLimits(
                        source.positive(Setting.HTTP_MIN_BODY_RATE),
                        source.positive(Setting.HTTP_MAX_REQUESTS_PER_ADDRESS)),
                positive(source, Setting.PROXY_BODY_IDLE_TIMEOUT),
                source.text(Setting.GC_SCHEDULE) == null ? null : positive(source, Setting.GC_SCHEDULE),
                source.duration(Setting.GC_GRACE_PERIOD));
    }

    private static Duration positive(SettingsSource source, Setting setting) {
        Duration duration = source.duration(setting);
        if (duration.isZero()) {
            throw new ConfigException(setting, "must be longer than zero");
        }
        return duration;
    }

    private static List<String> trustedProxies(SettingsSource source) {
        String text = source.text(Setting.TRUSTED_PROXIES);
        if (text == null) {
            return List.of();
        }
        List<String> entries = Arrays.stream(text.split(","))
                .map(String::trim)
                .filter(entry -> !entry.isEmpty())
                .toList();
        try {
            entries.forEach(IpAddresses::range);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(Setting.TRUSTED_PROXIES, e.getMessage());
        }
        return entries;
    }

    private String configFile() {
        return env.get(Setting.CONFIG.env());
    }

    private JsonNode readYaml() {
        String file = configFile();
        if (file == null || file.isBlank()) {
            return null;
        }
        Path path = Path.of(file);
        try {
            return yamlMapper.readTree(Files.readString(path));
        } catch (JsonProcessingException e) {
            throw new ConfigException(
                    Setting.CONFIG,
                    file + " is not valid YAML: " + e.getOriginalMessage() + " at line "
                            + e.getLocation().getLineNr());
        } catch (IOException e) {
            throw new ConfigException(
                    Setting.CONFIG, "cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static TlsSettings tls(SettingsSource source) {
        if (!source.bool(Setting.TLS)) {
            return TlsSettings.OFF;
        }
        String because = "when " + Setting.TLS.env() + " is true";
        return new TlsSettings(
                true,
                source.path(Setting.TLS_KEY_PATH, source.required(Setting.TLS_KEY_PATH, because)),
                source.path(Setting.TLS_CERT_PATH, source.required(Setting.TLS_CERT_PATH, because)));
    }

    private static StorageSettings storage(SettingsSource source, Path dataDir) {
        if (source.choice(Setting.STORAGE, "filesystem", "s3").equals("filesystem")) {
            return new StorageSettings.Filesystem(dataDir.resolve("blobs"));
        }
        String because = "when " + Setting.STORAGE.env() + " is s3";
        String endpoint = source.text(Setting.S3_ENDPOINT);
        String accessKey = source.text(Setting.S3_ACCESS_KEY_ID);
        Secret secretKey = source.secret(Setting.S3_SECRET_ACCESS_KEY);
        if (accessKey != null && secretKey == null) {
            throw new ConfigException(
                    Setting.S3_SECRET_ACCESS_KEY, "is required when " + Setting.S3_ACCESS_KEY_ID.env() + " is set");
        }
        return new StorageSettings.S3(
                source.required(Setting.S3_BUCKET, because),
                endpoint == null ? null : source.url(Setting.S3_ENDPOINT, endpoint),
                source.text(Setting.S3_REGION),
                source.bool(Setting.S3_PATH_STYLE),
                source.text(Setting.S3_PREFIX),
                accessKey,
                secretKey);
    }

    private static MetadataSettings metadata(SettingsSource source, Path dataDir) {
        if (source.choice(Setting.METADATA, "embedded", "couchdb").equals("embedded")) {
            return new MetadataSettings.Embedded(dataDir.resolve("metadata.mv.db"));
        }
        String because = "when " + Setting.METADATA.env() + " is couchdb";
        String database = source.text(Setting.COUCHDB_DATABASE);
        if (!database.matches("^[a-z][a-z0-9_$()+/-]*$")) {
            throw new ConfigException(
                    Setting.COUCHDB_DATABASE, "'" + database + "' is not a valid CouchDB database name");
        }
        return new MetadataSettings.CouchDb(
                source.url(Setting.COUCHDB_URL, source.required(Setting.COUCHDB_URL, because)),
                source.text(Setting.COUCHDB_USERNAME),
                source.secret(Setting.COUCHDB_PASSWORD),
                database);
    }

    private List<RepositorySpec> repositories(SettingsSource source) {
        JsonNode yaml = source.yaml();
        if (yaml == null
                || yaml.get("repositories") == null
                || yaml.get("repositories").isNull()) {
            // managed by the operator, the registry declares nothing itself: it would overwrite the Repositories'
            // documents
            return source.bool(Setting.DEFAULT_REPOSITORIES) ? DEFAULT_REPOSITORIES : List.of();
        }
        JsonNode declared = yaml.get("repositories");
        for (int i = 0; declared.isArray() && i < declared.size(); i++) {
            requireFormatOptions(declared.get(i), i);
        }
        List<RepositorySpec> repositories = declared(yaml, "repositories", RepositorySpec.class);
        for (int i = 0; i < repositories.size(); i++) {
            String name = repositories.get(i).name();
            if (repositories.subList(0, i).stream().anyMatch(r -> r.name().equals(name))) {
                throw new ConfigException("repositories[" + i + "]: repository '" + name + "' is declared twice");
            }
            ProxyOptions proxy = repositories.get(i).proxy();
            if (proxy != null
                    && proxy.credentials() != null
                    && !proxy.credentials().hasPassword()) {
                throw new ConfigException("repositories[" + i + "].proxy.credentials.password is required");
            }
        }
        Optional<String> problem = new RepositoryGraph(repositories).problem();
        if (problem.isPresent()) {
            throw new ConfigException("repositories: " + problem.get() + " in " + configFile());
        }
        return repositories;
    }

    /**
     * Options of one format ({@code maven:}) on a repository of another would be dropped without a
     * word, even when empty; they are an unknown key there.
     */
    private void requireFormatOptions(JsonNode entry, int index) {
        String format = entry.path("format").asText("");
        if (entry.has("maven") && !format.isEmpty() && !format.equalsIgnoreCase(Format.MAVEN.wireName())) {
            throw new ConfigException("repositories[" + index + "].maven: unknown key for a repository of format '"
                    + format + "' in " + configFile() + " (maven options apply only to format maven)");
        }
    }

    /** A list under a top-level key, each entry bound to {@code type}; errors name the entry. */
    private <T> List<T> declared(JsonNode yaml, String key, Class<T> type) {
        JsonNode declared = yaml == null ? null : yaml.get(key);
        if (declared == null || declared.isNull()) {
            return List.of();
        }
        if (!declared.isArray()) {
            throw new ConfigException(key + ": expected a list");
        }
        List<T> entries = new ArrayList<>();
        for (int i = 0; i < declared.size(); i++) {
            try {
                entries.add(yamlMapper.treeToValue(declared.get(i), type));
            } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
                throw new ConfigException(
                        key + "[" + i + "]: " + Json.rootMessage(e, e.getClass().getSimpleName()));
            }
        }
        return entries;
    }
}
