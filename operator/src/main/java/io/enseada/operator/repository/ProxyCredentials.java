package io.enseada.operator.repository;

import io.enseada.operator.common.SecretValues;
import io.enseada.shared.model.UpstreamCredentials;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The upstream credentials of a proxy Repository, from the Secret it names. What goes wrong is
 * told by the Secret's name and its missing keys, never by a value.
 */
final class ProxyCredentials {
    static final String USERNAME = "username";
    static final String PASSWORD = "password";
    static final String NOT_FOUND = "CredentialsNotFound";
    static final String INVALID = "CredentialsInvalid";

    private ProxyCredentials() {}

    /** What the Secret gave: the credentials, or why there are none. */
    sealed interface Lookup {
        record Found(UpstreamCredentials credentials) implements Lookup {}

        /** @param reason {@link #NOT_FOUND} or {@link #INVALID} */
        record Refused(String reason, String message) implements Lookup {}
    }

    /** @param secret the Secret named {@code secretName} in the Repository's namespace, if there is one */
    static Lookup from(String secretName, Optional<Secret> secret) {
        if (secret.isEmpty()) {
            return new Lookup.Refused(
                    NOT_FOUND, "Secret " + secretName + " with the upstream credentials does not exist");
        }
        Optional<String> username = SecretValues.get(secret.get(), USERNAME);
        Optional<String> password = SecretValues.get(secret.get(), PASSWORD);
        List<String> missing = new ArrayList<>();
        if (username.isEmpty()) {
            missing.add(USERNAME);
        }
        if (password.isEmpty()) {
            missing.add(PASSWORD);
        }
        if (!missing.isEmpty()) {
            return new Lookup.Refused(
                    NOT_FOUND, "Secret " + secretName + " has no key " + String.join(" or ", missing));
        }
        try {
            return new Lookup.Found(new UpstreamCredentials(username.get(), password.get()));
        } catch (IllegalArgumentException e) {
            // the refusal names the rule a username breaks; it never quotes a value
            return new Lookup.Refused(INVALID, "Secret " + secretName + ": " + e.getMessage());
        }
    }
}
