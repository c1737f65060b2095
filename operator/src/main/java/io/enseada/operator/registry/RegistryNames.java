package io.enseada.operator.registry;

/** Names of the objects one Registry produces, in one place. */
public final class RegistryNames {
    public static final int PORT = 9623;
    public static final String CONTAINER = "registry";
    public static final String DATA_DIR = "/var/lib/enseada";
    public static final String TLS_DIR = "/etc/enseada/tls";
    public static final String CONFIG_HASH_ANNOTATION = "enseada.io/config-hash";
    public static final String SIGNING_KEY_KEY = "key";
    public static final String ADMIN_PASSWORD_KEY = "password";

    private RegistryNames() {}

    public static String deployment(Registry registry) {
        return registry.getMetadata().getName();
    }

    public static String service(Registry registry) {
        return registry.getMetadata().getName();
    }

    public static String configMap(Registry registry) {
        return registry.getMetadata().getName() + "-config";
    }

    public static String generatedSigningKeySecret(Registry registry) {
        return registry.getMetadata().getName() + "-token-signing-key";
    }

    public static String generatedAdminPasswordSecret(Registry registry) {
        return registry.getMetadata().getName() + "-admin-password";
    }

    /** The in-cluster URL of the registry's Service. */
    public static String serviceUrl(Registry registry) {
        String scheme = registry.getSpec().tls() != null ? "https" : "http";
        return scheme + "://" + service(registry) + "." + registry.getMetadata().getNamespace() + ".svc:" + PORT;
    }

    /** The URL clients use: the public URL, else the Ingress host, else the Service. */
    public static String clientUrl(Registry registry) {
        RegistrySpec spec = registry.getSpec();
        if (spec.publicUrl() != null) {
            return spec.publicUrl().replaceAll("/+$", "");
        }
        if (spec.ingress() != null) {
            return (spec.ingress().tlsSecretName() != null ? "https://" : "http://")
                    + spec.ingress().host();
        }
        return serviceUrl(registry);
    }

    /** Metadata of an object the Registry owns: its name, the Registry's namespace and the managed labels. */
    public static io.fabric8.kubernetes.api.model.ObjectMeta metadata(
            Registry registry, String name, String component) {
        return new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                .withName(name)
                .withNamespace(registry.getMetadata().getNamespace())
                .withLabels(io.enseada.operator.common.Labels.of(registry, component))
                .build();
    }
}
