package io.enseada.operator.registry;

import io.enseada.operator.common.SecretKeyReference;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The registry's {@code ENSEADA_*} settings for one Registry: plain values for the ConfigMap, and
 * credentials as references to Secret keys, never as values.
 */
public final class RegistryEnvironment {
    private RegistryEnvironment() {
    }

    /** Non-secret settings, for the ConfigMap. */
    public static Map<String, String> plainSettings(Registry registry) {
        RegistrySpec spec = registry.getSpec();
        Map<String, String> env = new TreeMap<>();
        env.put("ENSEADA_PORT", String.valueOf(RegistryNames.PORT));
        env.put("ENSEADA_PUBLIC_URL", RegistryNames.clientUrl(registry));
        env.put("ENSEADA_DATA_DIR", RegistryNames.DATA_DIR);
        env.put("ENSEADA_LOG_FORMAT", spec.logFormatOrDefault().name());
        // the Repository resources declare the repositories; the registry's built-in ones would overwrite theirs
        env.put("ENSEADA_DEFAULT_REPOSITORIES", "false");
        RegistrySpec.S3Spec s3 = spec.storage().s3();
        if (s3 != null) {
            env.put("ENSEADA_STORAGE", "s3");
            env.put("ENSEADA_S3_BUCKET", s3.bucket());
            putIfSet(env, "ENSEADA_S3_ENDPOINT", s3.endpoint());
            putIfSet(env, "ENSEADA_S3_REGION", s3.region());
            env.put("ENSEADA_S3_PATH_STYLE", String.valueOf(Boolean.TRUE.equals(s3.pathStyle())));
            putIfSet(env, "ENSEADA_S3_PREFIX", s3.prefix());
        } else {
            env.put("ENSEADA_STORAGE", "filesystem");
        }
        env.put("ENSEADA_METADATA", "couchdb");
        env.put("ENSEADA_COUCHDB_URL", spec.couchdb().url());
        env.put("ENSEADA_COUCHDB_DATABASE", spec.couchdb().databaseOrDefault());
        if (spec.tls() != null) {
            env.put("ENSEADA_TLS", "true");
            env.put("ENSEADA_TLS_CERT_PATH", RegistryNames.TLS_DIR + "/tls.crt");
            env.put("ENSEADA_TLS_KEY_PATH", RegistryNames.TLS_DIR + "/tls.key");
        }
        return env;
    }

    /** Credentials, as {@code valueFrom.secretKeyRef} variables. */
    public static List<EnvVar> secretSettings(Registry registry) {
        RegistrySpec spec = registry.getSpec();
        List<EnvVar> env = new ArrayList<>();
        RegistrySpec.S3Spec s3 = spec.storage().s3();
        if (s3 != null && s3.credentials() != null) {
            env.add(fromSecret("ENSEADA_S3_ACCESS_KEY_ID", s3.credentials().secretName(), s3.credentials().accessKeyIdKeyOrDefault()));
            env.add(fromSecret("ENSEADA_S3_SECRET_ACCESS_KEY", s3.credentials().secretName(), s3.credentials().secretAccessKeyKeyOrDefault()));
        }
        RegistrySpec.CouchDbCredentialsSpec couch = spec.couchdb().credentials();
        if (couch != null) {
            env.add(fromSecret("ENSEADA_COUCHDB_USERNAME", couch.secretName(), couch.usernameKeyOrDefault()));
            env.add(fromSecret("ENSEADA_COUCHDB_PASSWORD", couch.secretName(), couch.passwordKeyOrDefault()));
        }
        SecretKeyReference admin = adminPassword(registry);
        env.add(fromSecret("ENSEADA_ADMIN_PASSWORD", admin.name(), admin.key()));
        SecretKeyReference signingKey = signingKey(registry);
        env.add(fromSecret("ENSEADA_TOKEN_SIGNING_KEY", signingKey.name(), signingKey.key()));
        return env;
    }

    /** The Secret key holding the token signing key: the one named in the spec, else the generated one. */
    public static SecretKeyReference signingKey(Registry registry) {
        SecretKeyReference declared = registry.getSpec().tokenSigningKey();
        return declared != null ? declared.withDefaultKey(RegistryNames.SIGNING_KEY_KEY)
                : new SecretKeyReference(RegistryNames.generatedSigningKeySecret(registry), RegistryNames.SIGNING_KEY_KEY);
    }

    /** The Secret key holding the admin password: the one named in the spec, else the generated one. */
    public static SecretKeyReference adminPassword(Registry registry) {
        SecretKeyReference declared = registry.getSpec().adminPassword();
        return declared != null ? declared.withDefaultKey(RegistryNames.ADMIN_PASSWORD_KEY)
                : new SecretKeyReference(RegistryNames.generatedAdminPasswordSecret(registry), RegistryNames.ADMIN_PASSWORD_KEY);
    }

    /** Names of every Secret the registry pods read; a change to any of them rolls the Deployment. */
    public static TreeSet<String> referencedSecrets(Registry registry) {
        TreeSet<String> names = new TreeSet<>();
        secretSettings(registry).forEach(e -> names.add(e.getValueFrom().getSecretKeyRef().getName()));
        if (registry.getSpec().tls() != null) {
            names.add(registry.getSpec().tls().secretName());
        }
        return names;
    }

    private static void putIfSet(Map<String, String> env, String name, String value) {
        if (value != null && !value.isBlank()) {
            env.put(name, value);
        }
    }

    private static EnvVar fromSecret(String name, String secret, String key) {
        return new EnvVarBuilder().withName(name)
                .withNewValueFrom().withNewSecretKeyRef(key, secret, false).endValueFrom()
                .build();
    }
}
