package io.enseada.registry.config;

import io.enseada.shared.settings.RegistrySettingName;

/**
 * Every setting of the registry: its environment variable (named in shared/, as the operator sets
 * it too), its key in the YAML file and its default. The README's table lists exactly these; a test
 * keeps the two in step, another that there is one setting per shared name.
 */
public enum Setting {
    CONFIG(RegistrySettingName.CONFIG, null, null, "path of the YAML configuration file"),
    HOST(RegistrySettingName.HOST, "host", "0.0.0.0", "address to listen on"),
    PORT(RegistrySettingName.PORT, "port", "9623", "port to listen on"),
    PUBLIC_URL(
            RegistrySettingName.PUBLIC_URL,
            "publicUrl",
            null,
            "URL clients reach the registry at (tarball links, token realm); derived from each request's Host header when unset"),
    DATA_DIR(
            RegistrySettingName.DATA_DIR,
            "dataDir",
            "./data",
            "directory for filesystem blobs and the embedded metadata store"),
    ADMIN_PASSWORD(
            RegistrySettingName.ADMIN_PASSWORD,
            "adminPassword",
            null,
            "password the bootstrap user 'admin' is created with when it does not exist yet (the first start); later starts leave the account as it is (see Access for a lost password); generated and printed once when unset"),
    STORAGE(RegistrySettingName.STORAGE, "storage.kind", "filesystem", "blob storage: filesystem or s3"),
    S3_BUCKET(RegistrySettingName.S3_BUCKET, "storage.s3.bucket", null, "S3 bucket (required with s3)"),
    S3_ENDPOINT(RegistrySettingName.S3_ENDPOINT, "storage.s3.endpoint", null, "S3 endpoint URL; AWS when unset"),
    S3_REGION(RegistrySettingName.S3_REGION, "storage.s3.region", "us-east-1", "S3 region"),
    S3_PATH_STYLE(
            RegistrySettingName.S3_PATH_STYLE,
            "storage.s3.pathStyle",
            "false",
            "path-style addressing, for most S3-compatible servers"),
    S3_PREFIX(RegistrySettingName.S3_PREFIX, "storage.s3.prefix", "", "key prefix inside the bucket"),
    S3_ACCESS_KEY_ID(
            RegistrySettingName.S3_ACCESS_KEY_ID,
            "storage.s3.accessKeyId",
            null,
            "S3 access key id; the AWS default credential chain when unset"),
    S3_SECRET_ACCESS_KEY(
            RegistrySettingName.S3_SECRET_ACCESS_KEY, "storage.s3.secretAccessKey", null, "S3 secret access key"),
    METADATA(RegistrySettingName.METADATA, "metadata.kind", "embedded", "metadata store: embedded or couchdb"),
    COUCHDB_URL(RegistrySettingName.COUCHDB_URL, "metadata.couchdb.url", null, "CouchDB URL (required with couchdb)"),
    COUCHDB_USERNAME(RegistrySettingName.COUCHDB_USERNAME, "metadata.couchdb.username", null, "CouchDB user"),
    COUCHDB_PASSWORD(RegistrySettingName.COUCHDB_PASSWORD, "metadata.couchdb.password", null, "CouchDB password"),
    COUCHDB_DATABASE(
            RegistrySettingName.COUCHDB_DATABASE,
            "metadata.couchdb.database",
            "enseada",
            "CouchDB database, created when missing"),
    LOG_FORMAT(RegistrySettingName.LOG_FORMAT, "logging.format", "text", "log format: text or json"),
    LOG_LEVEL(RegistrySettingName.LOG_LEVEL, "logging.level", "info", "log level: error, warn, info, debug or trace"),
    TLS(RegistrySettingName.TLS, "tls.enabled", "false", "serve HTTPS (with HTTP/2 and HSTS) instead of HTTP"),
    TLS_KEY_PATH(
            RegistrySettingName.TLS_KEY_PATH,
            "tls.keyPath",
            null,
            "PEM private key (RSA or PKCS#8; required with TLS)"),
    TLS_CERT_PATH(RegistrySettingName.TLS_CERT_PATH, "tls.certPath", null, "PEM certificate chain (required with TLS)"),
    TOKEN_SIGNING_KEY(
            RegistrySettingName.TOKEN_SIGNING_KEY,
            "tokenSigningKey",
            null,
            "secret (32+ characters) that signs the OCI bearer tokens; shared by all replicas; random per process when unset"),
    LOGIN_FAILURES_PER_ACCOUNT(
            RegistrySettingName.LOGIN_FAILURES_PER_ACCOUNT,
            "login.failuresPerAccount",
            "10",
            "failed password logins of one account from one address within 5 minutes after which that address's password logins to that account are refused (429); other addresses are not affected"),
    LOGIN_FAILURES_PER_ADDRESS(
            RegistrySettingName.LOGIN_FAILURES_PER_ADDRESS,
            "login.failuresPerAddress",
            "100",
            "failed logins (passwords and tokens) from one address within 5 minutes after which its further failures answer 429 instead of 401; valid credentials from it are still accepted"),
    UPLOAD_MAX_AGE(
            RegistrySettingName.UPLOAD_MAX_AGE,
            "uploads.maxAge",
            "PT24H",
            "abandoned upload sessions older than this (ISO-8601 duration) are removed"),
    SHUTDOWN_GRACE(
            RegistrySettingName.SHUTDOWN_GRACE,
            "shutdownGrace",
            "PT30S",
            "how long a stopping server lets requests in flight finish"),
    TRUSTED_PROXIES(
            RegistrySettingName.TRUSTED_PROXIES,
            "trustedProxies",
            null,
            "comma-separated addresses or CIDR ranges of reverse proxies (ingress controller, load balancer) whose X-Forwarded-For is believed; the client is the right-most address in it that is not one of them. None when unset: the connection's peer is the client"),
    HTTP_MIN_BODY_RATE(
            RegistrySettingName.HTTP_MIN_BODY_RATE,
            "http.minBodyRate",
            "1024",
            "bytes per second a request body must arrive at, on average from its first byte, checked whenever the server waits for more of it once 5 s have passed; a slower upload is cut with 408 (a body that stalls for 30 s is cut too)"),
    HTTP_MAX_REQUESTS_PER_ADDRESS(
            RegistrySettingName.HTTP_MAX_REQUESTS_PER_ADDRESS,
            "http.maxRequestsPerAddress",
            "64",
            "requests from one client address worked on at once; further ones wait, holding no worker thread, until one finishes (health and metrics are exempt)"),
    PROXY_BODY_IDLE_TIMEOUT(
            RegistrySettingName.PROXY_BODY_IDLE_TIMEOUT,
            "proxy.bodyIdleTimeout",
            "PT30S",
            "how long a proxy repository waits for the next byte of an upstream's body (ISO-8601 duration); a body that stalls longer fails with 504, caches nothing, and a later request fetches it again"),
    GC_SCHEDULE(
            RegistrySettingName.GC_SCHEDULE,
            "gc.schedule",
            null,
            "how often garbage collection runs (ISO-8601 duration, such as PT6H), on whichever replica gets to it first; off when unset (POST /api/v1/maintenance/gc runs it on demand)"),
    GC_GRACE_PERIOD(
            RegistrySettingName.GC_GRACE_PERIOD,
            "gc.gracePeriod",
            "PT1H",
            "blobs stored more recently than this (ISO-8601 duration) are never collected, referenced or not: a push whose manifest, file record or packument is still to come keeps its bytes"),
    DEFAULT_REPOSITORIES(
            RegistrySettingName.DEFAULT_REPOSITORIES,
            "defaultRepositories",
            "true",
            "declare containers, maven-releases, maven-snapshots and npm when the file lists no repositories; the Kubernetes operator sets false, as its Repository resources declare them"),
    ACCESS_LOG(
            RegistrySettingName.ACCESS_LOG,
            "logging.access",
            "true",
            "one line per request (method, path, status, duration, bytes, caller, repository) on the logger enseada.access; false turns it off");

    private final RegistrySettingName name;
    private final String yamlKey;
    private final String defaultValue;
    private final String description;

    Setting(RegistrySettingName name, String yamlKey, String defaultValue, String description) {
        this.name = name;
        this.yamlKey = yamlKey;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String env() {
        return name.variable();
    }

    /** Dotted path in the YAML file, or null for settings that only exist as variables. */
    public String yamlKey() {
        return yamlKey;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** How an error message names this setting, e.g. {@code ENSEADA_STORAGE (storage.kind)}. */
    public String label() {
        return yamlKey == null ? env() : env() + " (" + yamlKey + ")";
    }
}
