package io.enseada.operator.registry;

import io.enseada.operator.common.ControllerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;

/**
 * A random secret value a Registry needs and did not bring: the token signing key, the admin
 * password. Generated once and then kept (this dependent creates but never updates), so every
 * replica and every rollout sees the same value; owned by the Registry, and removed with it by the
 * garbage collector.
 */
public class GeneratedSecret extends KubernetesDependentResource<Secret, Registry>
        implements Creator<Secret, Registry>, GarbageCollected<Registry> {
    private static final int RANDOM_BYTES = 48;

    private final String component;
    private final Function<Registry, String> name;
    private final String key;
    private final SecureRandom random;

    /**
     * @param component the label {@code app.kubernetes.io/component} of the Secret, and this dependent's name
     * @param name      the Secret's name for a Registry
     * @param key       the key the value is stored under
     */
    public GeneratedSecret(String component, Function<Registry, String> name, String key, SecureRandom random) {
        super(Secret.class, component);
        this.component = component;
        this.name = name;
        this.key = key;
        this.random = random;
    }

    public static GeneratedSecret signingKey(SecureRandom random) {
        return new GeneratedSecret(
                "token-signing-key", RegistryNames::generatedSigningKeySecret, RegistryNames.SIGNING_KEY_KEY, random);
    }

    public static GeneratedSecret adminPassword(SecureRandom random) {
        return new GeneratedSecret(
                "admin-password",
                RegistryNames::generatedAdminPasswordSecret,
                RegistryNames.ADMIN_PASSWORD_KEY,
                random);
    }

    public String component() {
        return component;
    }

    @Override
    protected void addReferenceHandlingMetadata(Secret desired, Registry primary) {
        ControllerReference.set(desired, primary);
    }

    /**
     * Kept when the spec comes to name a Secret of its own ({@link NoSecretInSpec} no longer
     * holds), which the workflow would otherwise delete: should the spec drop that Secret again,
     * the registry gets back the value it had before, as it always has.
     */
    @Override
    public void delete(Registry registry, Context<Registry> context) {}

    /** By name: this Registry's Secret of this kind, not any Secret it owns. */
    @Override
    protected ResourceID targetSecondaryResourceID(Registry registry, Context<Registry> context) {
        return new ResourceID(name.apply(registry), registry.getMetadata().getNamespace());
    }

    @Override
    protected Secret desired(Registry registry, Context<Registry> context) {
        byte[] value = new byte[RANDOM_BYTES];
        random.nextBytes(value);
        return new SecretBuilder()
                .withMetadata(RegistryNames.metadata(registry, name.apply(registry), component))
                .withType("Opaque")
                .withData(Map.of(
                        key,
                        Base64.getEncoder()
                                .encodeToString(Base64.getUrlEncoder()
                                        .withoutPadding()
                                        .encodeToString(value)
                                        .getBytes(StandardCharsets.US_ASCII))))
                .build();
    }
}
