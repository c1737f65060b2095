package io.enseada.registry.access;

import io.enseada.shared.model.PolicyRule;
import io.enseada.shared.model.TokenRecord;
import java.time.Instant;
import java.util.List;

/**
 * What a caller proved who it is with. Rights come from the account; what the caller may pass on
 * (a token it creates, a bearer JWT it obtains) is bounded by this credential: never longer-lived,
 * never wider, and tied to it so that revoking it ends what it produced.
 *
 * @param tokenId the API token behind the call (directly, or behind a bearer JWT), or null
 * @param expiresAt when the credential stops working; null for one that does not expire
 * @param scope the API token's scope rules (empty: all the owner's rights); empty for other kinds
 * @param passwordFingerprint a digest of the stored password hash when a password was checked
 *                            (directly or behind a bearer JWT), so a changed password ends it; or null
 */
public record Credential(
        Type type, String tokenId, Instant expiresAt, List<PolicyRule> scope, String passwordFingerprint) {
    public static final Credential NONE = new Credential(Type.NONE, null, null, List.of(), null);

    public enum Type {
        NONE,
        PASSWORD,
        TOKEN,
        BEARER
    }

    public Credential {
        scope = scope == null ? List.of() : List.copyOf(scope);
    }

    static Credential password(String fingerprint) {
        return new Credential(Type.PASSWORD, null, null, List.of(), fingerprint);
    }

    static Credential token(TokenRecord token) {
        return new Credential(Type.TOKEN, token.id(), token.expiresAt(), token.scope(), null);
    }

    static Credential bearer(BearerTokens.Claims claims) {
        return new Credential(
                Type.BEARER, claims.tokenId(), claims.expiresAt(), List.of(), claims.passwordFingerprint());
    }
}
