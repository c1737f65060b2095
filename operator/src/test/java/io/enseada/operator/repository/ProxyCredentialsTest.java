package io.enseada.operator.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.enseada.operator.repository.ProxyCredentials.Lookup;
import io.enseada.shared.model.UpstreamCredentials;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProxyCredentialsTest {
    private static Secret secret(Map<String, String> values) {
        SecretBuilder secret =
                new SecretBuilder().withNewMetadata().withName("upstream").endMetadata();
        values.forEach((key, value) ->
                secret.addToData(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        return secret.build();
    }

    @Test
    void theSecretsUsernameAndPasswordAreTheCredentials() {
        Lookup lookup = ProxyCredentials.from(
                "upstream", Optional.of(secret(Map.of("username", "puller", "password", "s3cret-value"))));

        assertThat(lookup).isEqualTo(new Lookup.Found(new UpstreamCredentials("puller", "s3cret-value")));
    }

    @Test
    void aMissingSecretIsNamed() {
        assertThat(ProxyCredentials.from("upstream", Optional.empty()))
                .isEqualTo(new Lookup.Refused(
                        "CredentialsNotFound", "Secret upstream with the upstream credentials does not exist"));
    }

    @Test
    void missingKeysAreNamedAndNoValueIsShown() {
        assertThat(ProxyCredentials.from("upstream", Optional.of(secret(Map.of("username", "puller")))))
                .isEqualTo(new Lookup.Refused("CredentialsNotFound", "Secret upstream has no key password"));
        assertThat(ProxyCredentials.from("upstream", Optional.of(secret(Map.of("password", "s3cret-value")))))
                .isEqualTo(new Lookup.Refused("CredentialsNotFound", "Secret upstream has no key username"));
        assertThat(ProxyCredentials.from("upstream", Optional.of(secret(Map.of()))))
                .isEqualTo(
                        new Lookup.Refused("CredentialsNotFound", "Secret upstream has no key username or password"));
    }

    @Test
    void aUsernameTheUpstreamCouldNotReadIsRefusedWithoutQuotingTheSecret() {
        Lookup lookup = ProxyCredentials.from(
                "upstream", Optional.of(secret(Map.of("username", "pull:er", "password", "s3cret-value"))));

        assertThat(lookup).isInstanceOf(Lookup.Refused.class);
        Lookup.Refused refused = (Lookup.Refused) lookup;
        assertThat(refused.reason()).isEqualTo("CredentialsInvalid");
        assertThat(refused.message()).startsWith("Secret upstream: ").doesNotContain("s3cret-value", "pull:er");
    }
}
