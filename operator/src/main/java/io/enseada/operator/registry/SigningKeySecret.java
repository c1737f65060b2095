package io.enseada.operator.registry;

import io.enseada.operator.common.ControllerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The token signing key of a Registry that does not bring its own: generated once and then kept
 * (this dependent creates but never updates), so every replica and every rollout signs alike.
 */
public class SigningKeySecret extends KubernetesDependentResource<Secret, Registry>
        implements Creator<Secret, Registry>, GarbageCollected<Registry> {
    private final SecureRandom random;

    public SigningKeySecret(SecureRandom random) {
        super(Secret.class);
        this.random = random;
    }

    @Override
    protected void addReferenceHandlingMetadata(Secret desired, Registry primary) {
        ControllerReference.set(desired, primary);
    }

    public static boolean wanted(Registry registry) {
        return registry.getSpec().tokenSigningKey() == null;
    }

    @Override
    protected Secret desired(Registry registry, Context<Registry> context) {
        byte[] key = new byte[48];
        random.nextBytes(key);
        return new SecretBuilder()
                .withMetadata(RegistryNames.metadata(registry, RegistryNames.generatedSigningKeySecret(registry), "token-signing-key"))
                .withType("Opaque")
                .withData(Map.of(RegistryNames.SIGNING_KEY_KEY, Base64.getEncoder().encodeToString(
                        Base64.getUrlEncoder().withoutPadding().encodeToString(key).getBytes(StandardCharsets.US_ASCII))))
                .build();
    }
}
