package io.enseada.operator.registry;

import static io.enseada.shared.settings.RegistrySettingName.ADMIN_PASSWORD;
import static io.enseada.shared.settings.RegistrySettingName.COUCHDB_DATABASE;
import static io.enseada.shared.settings.RegistrySettingName.COUCHDB_PASSWORD;
import static io.enseada.shared.settings.RegistrySettingName.COUCHDB_URL;
import static io.enseada.shared.settings.RegistrySettingName.COUCHDB_USERNAME;
import static io.enseada.shared.settings.RegistrySettingName.DATA_DIR;
import static io.enseada.shared.settings.RegistrySettingName.DEFAULT_REPOSITORIES;
import static io.enseada.shared.settings.RegistrySettingName.LOG_FORMAT;
import static io.enseada.shared.settings.RegistrySettingName.METADATA;
import static io.enseada.shared.settings.RegistrySettingName.PORT;
import static io.enseada.shared.settings.RegistrySettingName.PUBLIC_URL;
import static io.enseada.shared.settings.RegistrySettingName.S3_ACCESS_KEY_ID;
import static io.enseada.shared.settings.RegistrySettingName.S3_BUCKET;
import static io.enseada.shared.settings.RegistrySettingName.S3_ENDPOINT;
import static io.enseada.shared.settings.RegistrySettingName.S3_PATH_STYLE;
import static io.enseada.shared.settings.RegistrySettingName.S3_PREFIX;
import static io.enseada.shared.settings.RegistrySettingName.S3_REGION;
import static io.enseada.shared.settings.RegistrySettingName.S3_SECRET_ACCESS_KEY;
import static io.enseada.shared.settings.RegistrySettingName.STORAGE;
import static io.enseada.shared.settings.RegistrySettingName.TLS;
import static io.enseada.shared.settings.RegistrySettingName.TLS_CERT_PATH;
import static io.enseada.shared.settings.RegistrySettingName.TLS_KEY_PATH;
import static io.enseada.shared.settings.RegistrySettingName.TOKEN_SIGNING_KEY;

import io.enseada.operator.common.SecretKeyReference;
import io.enseada.shared.settings.RegistrySettingName;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The registry's {@code ENSEADA_*} settings for one Registry: plain values for the ConfigMap, and
 * credentials as references to Secret keys, never as values. Only names shared with the registry
 * ({@link RegistrySettingName}) can be set.
 */
public final class RegistryEnvironment {
    private RegistryEnvironment() {}

    /** Non-secret settings, for the ConfigMap. */
    public static Map<String, String> plainSettings(Registry registry) {
        RegistrySpec spec = registry.getSpec();
        Map<String, String> env = new TreeMap<>();
        put(env, PORT, String.valueOf(RegistryNames.PORT));
        put(env, PUBLIC_URL, RegistryNames.clientUrl(registry));
        put(env, DATA_DIR, RegistryNames.DATA_DIR);
        put(env, LOG_FORMAT, spec.logFormatOrDefault().name());
        // the Repository resources declare the repositories; the registry's built-in ones would overwrite theirs
        put(env, DEFAULT_REPOSITORIES, "false");
        RegistrySpec.S3Spec s3 = spec.storage().s3();
        if (s3 != null) {
            put(env, STORAGE, "s3");
            put(env, S3_BUCKET, s3.bucket());
            putIfSet(env, S3_ENDPOINT, s3.endpoint());
            putIfSet(env, S3_REGION, s3.region());
            put(env, S3_PATH_STYLE, String.valueOf(Boolean.TRUE.equals(s3.pathStyle())));
            putIfSet(env, S3_PREFIX, s3.prefix());
        } else {
            put(env, STORAGE, "filesystem");
        }
        put(env, METADATA, "couchdb");
        put(env, COUCHDB_URL, spec.couchdb().url());
        put(env, COUCHDB_DATABASE, spec.couchdb().databaseOrDefault());
        if (spec.tls() != null) {
            put(env, TLS, "true");
            put(env, TLS_CERT_PATH, RegistryNames.TLS_DIR + "/tls.crt");
            put(env, TLS_KEY_PATH, RegistryNames.TLS_DIR + "/tls.key");
        }
        return env;
    }

    /** Credentials, as {@code valueFrom.secretKeyRef} variables. */
    public static List<EnvVar> secretSettings(Registry registry) {
        RegistrySpec spec = registry.getSpec();
        List<EnvVar> env = new ArrayList<>();
        RegistrySpec.S3Spec s3 = spec.storage().s3();
        if (s3 != null && s3.credentials() != null) {
            env.add(fromSecret(
                    S3_ACCESS_KEY_ID,
                    s3.credentials().secretName(),
                    s3.credentials().accessKeyIdKeyOrDefault()));
            env.add(fromSecret(
                    S3_SECRET_ACCESS_KEY,
                    s3.credentials().secretName(),
                    s3.credentials().secretAccessKeyKeyOrDefault()));
        }
        RegistrySpec.CouchDbCredentialsSpec couch = spec.couchdb().credentials();
        if (couch != null) {
            env.add(fromSecret(COUCHDB_USERNAME, couch.secretName(), couch.usernameKeyOrDefault()));
            env.add(fromSecret(COUCHDB_PASSWORD, couch.secretName(), couch.passwordKeyOrDefault()));
        }
        SecretKeyReference admin = adminPassword(registry);
        env.add(fromSecret(ADMIN_PASSWORD, admin.name(), admin.key()));
        SecretKeyReference signingKey = signingKey(registry);
        env.add(fromSecret(TOKEN_SIGNING_KEY, signingKey.name(), signingKey.key()));
        return env;
    }

    /** The Secret key holding the token signing key: the one named in the spec, else the generated one. */
    public static SecretKeyReference signingKey(Registry registry) {
        SecretKeyReference declared = registry.getSpec().tokenSigningKey();
        return declared != null
                ? declared.withDefaultKey(RegistryNames.SIGNING_KEY_KEY)
                : new SecretKeyReference(
                        RegistryNames.generatedSigningKeySecret(registry), RegistryNames.SIGNING_KEY_KEY);
    }

    /** The Secret key holding the admin password: the one named in the spec, else the generated one. */
    public static SecretKeyReference adminPassword(Registry registry) {
        SecretKeyReference declared = registry.getSpec().adminPassword();
        return declared != null
                ? declared.withDefaultKey(RegistryNames.ADMIN_PASSWORD_KEY)
                : new SecretKeyReference(
                        RegistryNames.generatedAdminPasswordSecret(registry), RegistryNames.ADMIN_PASSWORD_KEY);
    }

    /** Names of every Secret the registry pods read; a change to any of them rolls the Deployment. */
    public static TreeSet<String> referencedSecrets(Registry registry) {
        TreeSet<String> names = new TreeSet<>();
        secretSettings(registry)
                .forEach(e -> names.add(e.getValueFrom().getSecretKeyRef().getName()));
        if (registry.getSpec().tls() != null) {
            names.add(registry.getSpec().tls().secretName());
        }
        return names;
    }

    private static void put(Map<String, String> env, RegistrySettingName name, String value) {
        env.put(name.variable(), value);
    }

    private static void putIfSet(Map<String, String> env, RegistrySettingName name, String value) {
        if (value != null && !value.isBlank()) {
            put(env, name, value);
        }
    }

    private static EnvVar fromSecret(RegistrySettingName name, String secret, String key) {
        return new EnvVarBuilder()
                .withName(name.variable())
                .withNewValueFrom()
                .withNewSecretKeyRef(key, secret, false)
                .endValueFrom()
                .build();
    }
}
