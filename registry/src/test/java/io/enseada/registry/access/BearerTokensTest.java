package io.enseada.registry.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.enseada.shared.model.TokenRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class BearerTokensTest {
    private final Instant now = Instant.parse("2026-11-26T12:00:00Z");
    private final Principal alice = Principal.user("alice", false, List.of(), Restriction.NONE);
    private final BearerTokens tokens = new BearerTokens(
            "a-signing-key-of-at-least-32-characters", Duration.ofMinutes(5), Clock.fixed(now, ZoneOffset.UTC));

    @Test
    void issuedTokensVerifyWithTheirGrants() {
        String token = tokens.issue(
                        alice,
                        "registry.example.com",
                        List.of(new BearerTokens.Grant("repository", "containers/app", List.of("pull", "push"))))
                .token();

        BearerTokens.Claims claims = tokens.verify(token).orElseThrow();
        assertThat(claims.subject()).isEqualTo("user:alice");
        assertThat(claims.access())
                .containsExactly(new BearerTokens.Grant("repository", "containers/app", List.of("pull", "push")));
    }

    @Test
    void expiredForgedAndForeignTokensAreRejected() {
        String token = tokens.issue(alice, "svc", List.of()).token();
        BearerTokens later = new BearerTokens(
                "a-signing-key-of-at-least-32-characters",
                Duration.ofMinutes(5),
                Clock.fixed(now.plus(Duration.ofMinutes(6)), ZoneOffset.UTC));
        BearerTokens otherKey = new BearerTokens(
                "another-signing-key-of-32-characters!", Duration.ofMinutes(5), Clock.fixed(now, ZoneOffset.UTC));

        assertThat(later.verify(token)).isEmpty();
        assertThat(otherKey.verify(token)).isEmpty();
        String[] parts = token.split("\\.");
        String tampered = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];
        assertThat(tokens.verify(tampered)).isEmpty();
        assertThat(tokens.verify("not-a-jwt")).isEmpty();
    }

    @Test
    void aJwtNamesItsCredentialAndNeverOutlivesIt() {
        TokenRecord apiToken = new TokenRecord(
                "abcdefghijklmnop",
                "user:alice",
                "ci",
                "hash",
                now.minusSeconds(60),
                now.plusSeconds(90),
                List.of(),
                false,
                null);
        BearerTokens.Issued issued = tokens.issue(alice.withCredential(Credential.token(apiToken)), "svc", List.of());
        assertThat(issued.expiresIn()).as("capped at the API token's expiry").isEqualTo(Duration.ofSeconds(90));
        BearerTokens.Claims claims = tokens.verify(issued.token()).orElseThrow();
        assertThat(claims.expiresAt()).isEqualTo(now.plusSeconds(90));
        assertThat(claims.tokenId()).isEqualTo("abcdefghijklmnop");
        assertThat(claims.passwordFingerprint()).isNull();

        BearerTokens.Claims byPassword = tokens.verify(
                        tokens.issue(alice.withCredential(Credential.password("fp")), "svc", List.of())
                                .token())
                .orElseThrow();
        assertThat(byPassword.expiresAt()).isEqualTo(now.plus(Duration.ofMinutes(5)));
        assertThat(byPassword.passwordFingerprint()).isEqualTo("fp");
        assertThat(byPassword.tokenId()).isNull();
    }

    @Test
    void jwtRestrictionGrantsExactlyTheNamesAndActionsInTheToken() {
        Restriction restriction =
                OciScopes.restriction(List.of(new BearerTokens.Grant("repository", "containers/app", List.of("pull"))));
        assertThat(restriction.permits("containers", "app", io.enseada.shared.model.AccessAction.READ))
                .isTrue();
        assertThat(restriction.permits("containers", "app", io.enseada.shared.model.AccessAction.WRITE))
                .isFalse();
        assertThat(restriction.permits("containers", "other", io.enseada.shared.model.AccessAction.READ))
                .isFalse();
    }
}
