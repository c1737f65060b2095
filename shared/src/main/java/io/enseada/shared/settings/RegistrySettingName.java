package io.enseada.shared.settings;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The environment variable of every registry setting: the contract between the registry, which
 * reads them (and refuses to start on one it does not know), and the operator, which sets them on
 * the registry's pods. Only the names live here; what each means, its YAML key, default and
 * validation belong to the registry. The variables are written out, so a search for one finds it.
 */
public enum RegistrySettingName {
    CONFIG("ENSEADA_CONFIG"),
    HOST("ENSEADA_HOST"),
    PORT("ENSEADA_PORT"),
    PUBLIC_URL("ENSEADA_PUBLIC_URL"),
    DATA_DIR("ENSEADA_DATA_DIR"),
    ADMIN_PASSWORD("ENSEADA_ADMIN_PASSWORD"),
    STORAGE("ENSEADA_STORAGE"),
    S3_BUCKET("ENSEADA_S3_BUCKET"),
    S3_ENDPOINT("ENSEADA_S3_ENDPOINT"),
    S3_REGION("ENSEADA_S3_REGION"),
    S3_PATH_STYLE("ENSEADA_S3_PATH_STYLE"),
    S3_PREFIX("ENSEADA_S3_PREFIX"),
    S3_ACCESS_KEY_ID("ENSEADA_S3_ACCESS_KEY_ID"),
    S3_SECRET_ACCESS_KEY("ENSEADA_S3_SECRET_ACCESS_KEY"),
    METADATA("ENSEADA_METADATA"),
    COUCHDB_URL("ENSEADA_COUCHDB_URL"),
    COUCHDB_USERNAME("ENSEADA_COUCHDB_USERNAME"),
    COUCHDB_PASSWORD("ENSEADA_COUCHDB_PASSWORD"),
    COUCHDB_DATABASE("ENSEADA_COUCHDB_DATABASE"),
    LOG_FORMAT("ENSEADA_LOG_FORMAT"),
    LOG_LEVEL("ENSEADA_LOG_LEVEL"),
    TLS("ENSEADA_TLS"),
    TLS_KEY_PATH("ENSEADA_TLS_KEY_PATH"),
    TLS_CERT_PATH("ENSEADA_TLS_CERT_PATH"),
    TOKEN_SIGNING_KEY("ENSEADA_TOKEN_SIGNING_KEY"),
    LOGIN_FAILURES_PER_ACCOUNT("ENSEADA_LOGIN_FAILURES_PER_ACCOUNT"),
    LOGIN_FAILURES_PER_ADDRESS("ENSEADA_LOGIN_FAILURES_PER_ADDRESS"),
    UPLOAD_MAX_AGE("ENSEADA_UPLOAD_MAX_AGE"),
    SHUTDOWN_GRACE("ENSEADA_SHUTDOWN_GRACE"),
    TRUSTED_PROXIES("ENSEADA_TRUSTED_PROXIES"),
    HTTP_MIN_BODY_RATE("ENSEADA_HTTP_MIN_BODY_RATE"),
    HTTP_MAX_REQUESTS_PER_ADDRESS("ENSEADA_HTTP_MAX_REQUESTS_PER_ADDRESS"),
    PROXY_BODY_IDLE_TIMEOUT("ENSEADA_PROXY_BODY_IDLE_TIMEOUT"),
    GC_SCHEDULE("ENSEADA_GC_SCHEDULE"),
    GC_GRACE_PERIOD("ENSEADA_GC_GRACE_PERIOD"),
    DEFAULT_REPOSITORIES("ENSEADA_DEFAULT_REPOSITORIES"),
    ACCESS_LOG("ENSEADA_ACCESS_LOG");

    private final String variable;

    RegistrySettingName(String variable) {
        this.variable = variable;
    }

    /** The environment variable, e.g. {@code ENSEADA_PUBLIC_URL}. */
    public String variable() {
        return variable;
    }

    /** Every variable, sorted. */
    public static Set<String> variables() {
        return Arrays.stream(values())
                .map(RegistrySettingName::variable)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
