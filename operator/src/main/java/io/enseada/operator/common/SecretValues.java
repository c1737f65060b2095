package io.enseada.operator.common;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Reads one key of a Secret; the value never leaves the caller through a log or a message. */
public final class SecretValues {
    private SecretValues() {}

    public static Optional<String> get(Secret secret, String key) {
        if (secret == null) {
            return Optional.empty();
        }
        if (secret.getData() != null && secret.getData().get(key) != null) {
            return Optional.of(
                    new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8));
        }
        // an API server turns stringData into data on write; objects not yet written still carry it
        return secret.getStringData() == null
                ? Optional.empty()
                : Optional.ofNullable(secret.getStringData().get(key));
    }
}
