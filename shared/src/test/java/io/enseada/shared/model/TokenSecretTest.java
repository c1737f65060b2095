package io.enseada.shared.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class TokenSecretTest {
    @Test
    void generatedTokensRoundTripAndMatchOnlyTheirHash() {
        TokenSecret token = TokenSecret.generate(new SecureRandom());
        TokenSecret parsed = TokenSecret.parse(token.value()).orElseThrow();

        assertThat(parsed).isEqualTo(token);
        assertThat(parsed.matches(token.hash())).isTrue();
        assertThat(TokenSecret.generate(new SecureRandom()).matches(token.hash()))
                .isFalse();
        assertThat(token.toString()).doesNotContain(token.secret());
        assertThat(token.hash()).doesNotContain(token.secret()).hasSize(64);
    }

    @Test
    void otherTextIsNotAToken() {
        assertThat(TokenSecret.parse("hunter2")).isEmpty();
        assertThat(TokenSecret.parse("ens_short_x")).isEmpty();
        assertThat(TokenSecret.parse(null)).isEmpty();
    }
}
