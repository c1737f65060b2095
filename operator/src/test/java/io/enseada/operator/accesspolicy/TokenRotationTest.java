package io.enseada.operator.accesspolicy;

import static org.assertj.core.api.Assertions.assertThat;

import io.enseada.operator.accesspolicy.TokenRotation.Decision;
import io.enseada.shared.model.TokenRecord;
import io.enseada.shared.model.TokenSecret;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenRotationTest {
    private static final Instant CREATED = Instant.parse("2026-01-01T10:00:00Z");
    private static final Duration THIRTY_DAYS = Duration.ofDays(30);
    private static final Duration GRACE = Duration.ofHours(1);
    private static final TokenSecret TOKEN = TokenSecret.generate(new SecureRandom());

    private static TokenRecord record(String hash, Instant expiresAt, boolean revoked) {
        return new TokenRecord(
                TOKEN.id(),
                "robot:team.ci-push",
                "AccessPolicy team/ci-push",
                hash,
                CREATED,
                expiresAt,
                List.of(),
                revoked,
                null);
    }

    private static TokenRecord current() {
        return record(TOKEN.hash(), TokenRotation.expiresAt(CREATED, THIRTY_DAYS, GRACE), false);
    }

    private static String mintReason(Decision decision) {
        assertThat(decision).isInstanceOf(Decision.Mint.class);
        return ((Decision.Mint) decision).reason();
    }

    @Test
    void aSecretWithoutATokenGetsOne() {
        assertThat(mintReason(TokenRotation.decide(Optional.empty(), Optional.empty(), THIRTY_DAYS, CREATED)))
                .isEqualTo("the Secret holds no token yet");
    }

    @Test
    void aTokenWhoseDocumentIsGoneIsReplaced() {
        assertThat(mintReason(TokenRotation.decide(Optional.of(TOKEN), Optional.empty(), THIRTY_DAYS, CREATED)))
                .isEqualTo("the document of token " + TOKEN.id() + " is missing");
    }

    @Test
    void aTokenThatDoesNotMatchItsDocumentIsReplaced() {
        TokenRecord other = record(TokenSecret.generate(new SecureRandom()).hash(), null, false);
        assertThat(mintReason(TokenRotation.decide(Optional.of(TOKEN), Optional.of(other), null, CREATED)))
                .isEqualTo("token " + TOKEN.id() + " does not match its document");
    }

    @Test
    void aRevokedOrExpiredTokenIsReplaced() {
        String revoked = mintReason(
                TokenRotation.decide(Optional.of(TOKEN), Optional.of(record(TOKEN.hash(), null, true)), null, CREATED));
        String expired = mintReason(TokenRotation.decide(
                Optional.of(TOKEN),
                Optional.of(record(TOKEN.hash(), CREATED.plusSeconds(60), false)),
                null,
                CREATED.plusSeconds(60)));

        assertThat(revoked).isEqualTo("token " + TOKEN.id() + " is revoked or expired");
        assertThat(expired).isEqualTo(revoked);
    }

    @Test
    void aTokenIsKeptUntilRotateAfterAndReplacedFromThen() {
        Instant due = CREATED.plus(THIRTY_DAYS);
        Decision before =
                TokenRotation.decide(Optional.of(TOKEN), Optional.of(current()), THIRTY_DAYS, due.minusMillis(1));
        Decision at = TokenRotation.decide(Optional.of(TOKEN), Optional.of(current()), THIRTY_DAYS, due);

        assertThat(before).isEqualTo(new Decision.Keep(TOKEN, current()));
        assertThat(mintReason(at)).isEqualTo("token " + TOKEN.id() + " is older than rotateAfter PT720H");
        assertThat(TokenRotation.rotationDue(current(), THIRTY_DAYS)).isEqualTo(due);
    }

    @Test
    void withoutRotateAfterAValidTokenIsKeptForever() {
        TokenRecord forever = record(TOKEN.hash(), null, false);
        assertThat(TokenRotation.decide(
                        Optional.of(TOKEN), Optional.of(forever), null, CREATED.plus(Duration.ofDays(3650))))
                .isEqualTo(new Decision.Keep(TOKEN, forever));
    }

    @Test
    void aRotatingTokenExpiresByItselfAfterRotateAfterAndTheGracePeriod() {
        assertThat(TokenRotation.expiresAt(CREATED, THIRTY_DAYS, GRACE))
                .isEqualTo(CREATED.plus(THIRTY_DAYS).plus(GRACE));
        assertThat(TokenRotation.expiresAt(CREATED, null, GRACE)).isNull();
    }

    @Test
    void replacedTokensAreRetiredOnceTheCurrentOneIsOutForTheGracePeriod() {
        assertThat(TokenRotation.retireReplaced(
                        current(), GRACE, CREATED.plus(GRACE).minusMillis(1)))
                .isFalse();
        assertThat(TokenRotation.retireReplaced(current(), GRACE, CREATED.plus(GRACE)))
                .isTrue();
    }

    @Test
    void theNextCheckIsTheRotationHalfASecondLate() {
        Instant now = CREATED.plus(Duration.ofDays(10));
        assertThat(TokenRotation.nextCheck(current(), THIRTY_DAYS, GRACE, false, now))
                .contains(Duration.ofDays(20).plusMillis(500));
    }

    @Test
    void replacedTokensStillValidBringTheCheckForwardToTheirRetirement() {
        Instant now = CREATED.plusSeconds(60);
        assertThat(TokenRotation.nextCheck(current(), THIRTY_DAYS, GRACE, true, now))
                .contains(GRACE.minusSeconds(60).plusMillis(500));
        // the rotation first, when it is due before the grace period ends
        assertThat(TokenRotation.nextCheck(current(), Duration.ofMinutes(30), GRACE, true, now))
                .contains(Duration.ofMinutes(29).plusMillis(500));
    }

    @Test
    void aCheckAlreadyDueIsNotNegative() {
        assertThat(TokenRotation.nextCheck(current(), THIRTY_DAYS, GRACE, false, CREATED.plus(Duration.ofDays(31))))
                .contains(Duration.ofMillis(500));
    }

    @Test
    void nothingIsDueWithoutRotationOrReplacedTokens() {
        assertThat(TokenRotation.nextCheck(current(), null, GRACE, false, CREATED))
                .isEmpty();
        assertThat(TokenRotation.nextCheck(current(), null, GRACE, true, CREATED))
                .contains(GRACE.plusMillis(500));
    }
}
