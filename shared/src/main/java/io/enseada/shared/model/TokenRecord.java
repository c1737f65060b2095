package io.enseada.shared.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * An API token. The secret is shown once at creation; only its SHA-256 is stored (the secret is
 * 256 random bits, so a fast hash is enough — unlike passwords).
 *
 * @param owner the subject the token acts for: {@code user:<name>} or {@code robot:<name>}
 * @param scope rules narrowing what the token may do below its owner's rights; empty means all of them
 * @param expiresAt null for a token that does not expire
 * @param ownerUid the {@code uid} of the owner account the token was made for; the token is valid
 *                 only while the owner account has that same uid (null for both when neither has one)
 * @param madeWith the ids of the tokens this one was made with, nearest first (the token that
 *                 created it, the one that created that one, …); empty for a token made with a
 *                 password or written by the operator. The token works only while all of them do.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenRecord(
        String id,
        String owner,
        String description,
        String secretHash,
        Instant createdAt,
        Instant expiresAt,
        List<PolicyRule> scope,
        boolean revoked,
        Instant lastUsedAt,
        String ownerUid,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> madeWith) {
    public TokenRecord {
        scope = scope == null ? List.of() : List.copyOf(scope);
        madeWith = madeWith == null ? List.of() : List.copyOf(madeWith);
    }

    /** A token made with a password, bound to its owner account's uid. */
    public TokenRecord(
            String id,
            String owner,
            String description,
            String secretHash,
            Instant createdAt,
            Instant expiresAt,
            List<PolicyRule> scope,
            boolean revoked,
            Instant lastUsedAt,
            String ownerUid) {
        this(id, owner, description, secretHash, createdAt, expiresAt, scope, revoked, lastUsedAt, ownerUid, List.of());
    }

    /** A token without an owner uid, as the operator writes it for its robots. */
    public TokenRecord(
            String id,
            String owner,
            String description,
            String secretHash,
            Instant createdAt,
            Instant expiresAt,
            List<PolicyRule> scope,
            boolean revoked,
            Instant lastUsedAt) {
        this(id, owner, description, secretHash, createdAt, expiresAt, scope, revoked, lastUsedAt, null);
    }

    @JsonIgnore
    public String documentId() {
        return DocumentIds.token(id);
    }

    public boolean usableAt(Instant now) {
        return !revoked && (expiresAt == null || now.isBefore(expiresAt));
    }
}
