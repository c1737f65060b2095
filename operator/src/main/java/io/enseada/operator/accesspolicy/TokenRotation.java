package io.enseada.operator.accesspolicy;

import io.enseada.shared.model.TokenRecord;
import io.enseada.shared.model.TokenSecret;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a policy's robot gets a new token, when that token expires and when the tokens it replaced
 * are revoked. Pure: the reconciler brings what it read, this decides.
 *
 * <p>The token in the Secret is the current one. It is replaced when it is missing, does not
 * match its document, is revoked or expired, or is older than {@code rotateAfter}. A replaced
 * token keeps working for the grace period after its successor was created, so pods that read
 * the Secret before the update do not break; then it is revoked. A token that rotates expires
 * by itself at {@code createdAt + rotateAfter + grace}, in case the operator is not there to
 * revoke it.
 */
public final class TokenRotation {
    private TokenRotation() {}

    /** What to do with the robot's token. */
    public sealed interface Decision {
        /** The current token stays. */
        record Keep(TokenSecret token, TokenRecord record) implements Decision {}

        /** A new token is needed; {@code reason} names why (never the token). */
        record Mint(String reason) implements Decision {}
    }

    public static Decision decide(
            Optional<TokenSecret> inSecret, Optional<TokenRecord> record, Duration rotateAfter, Instant now) {
        if (inSecret.isEmpty()) {
            return new Decision.Mint("the Secret holds no token yet");
        }
        if (record.isEmpty()) {
            return new Decision.Mint("the document of token " + inSecret.get().id() + " is missing");
        }
        if (!inSecret.get().matches(record.get().secretHash())) {
            return new Decision.Mint("token " + inSecret.get().id() + " does not match its document");
        }
        if (!record.get().usableAt(now)) {
            return new Decision.Mint("token " + inSecret.get().id() + " is revoked or expired");
        }
        if (rotateAfter != null && !now.isBefore(rotationDue(record.get(), rotateAfter))) {
            return new Decision.Mint("token " + inSecret.get().id() + " is older than rotateAfter " + rotateAfter);
        }
        return new Decision.Keep(inSecret.get(), record.get());
    }

    /** Expiry of a token created {@code now}: none without rotation. */
    public static Instant expiresAt(Instant createdAt, Duration rotateAfter, Duration grace) {
        return rotateAfter == null ? null : createdAt.plus(rotateAfter).plus(grace);
    }

    public static Instant rotationDue(TokenRecord current, Duration rotateAfter) {
        return current.createdAt().plus(rotateAfter);
    }

    /** Tokens the current one replaced are revoked once it has been out for the grace period. */
    public static boolean retireReplaced(TokenRecord current, Duration grace, Instant now) {
        return !now.isBefore(current.createdAt().plus(grace));
    }

    /**
     * When to look again without an event: at the next rotation, or when replaced tokens that are
     * still valid are to be revoked; empty when nothing is due.
     */
    public static Optional<Duration> nextCheck(
            TokenRecord current, Duration rotateAfter, Duration grace, boolean replacedStillValid, Instant now) {
        Optional<Instant> due = Optional.empty();
        if (rotateAfter != null) {
            due = Optional.of(rotationDue(current, rotateAfter));
        }
        if (replacedStillValid) {
            Instant retire = current.createdAt().plus(grace);
            due = Optional.of(due.filter(d -> d.isBefore(retire)).orElse(retire));
        }
        return due.map(d -> Duration.between(now, d))
                .map(d -> d.isNegative() ? Duration.ZERO : d)
                // a second late rather than early: the decision above compares with the same clock
                .map(d -> d.plusMillis(500));
    }
}
