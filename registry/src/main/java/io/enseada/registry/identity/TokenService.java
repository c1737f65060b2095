package io.enseada.registry.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.access.AccessDeniedException;
import io.enseada.registry.access.Principal;
import io.enseada.registry.access.Restriction;
import io.enseada.registry.metadata.DocumentView;
import io.enseada.shared.model.DocumentIds;
import io.enseada.shared.model.PolicyRule;
import io.enseada.shared.model.RobotRecord;
import io.enseada.shared.model.TokenRecord;
import io.enseada.shared.model.TokenSecret;
import io.enseada.shared.model.UserRecord;
import io.enseada.shared.store.DocumentStore;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** API tokens: a user manages their own, an administrator everyone's (robots' included). */
public final class TokenService {
    private final DocumentStore store;
    private final DocumentView<TokenRecord> tokens;
    private final DocumentView<UserRecord> users;
    private final DocumentView<RobotRecord> robots;
    private final ObjectMapper json;
    private final SecureRandom random;
    private final Clock clock;

    public TokenService(DocumentStore store, DocumentView<TokenRecord> tokens, DocumentView<UserRecord> users,
                        DocumentView<RobotRecord> robots, ObjectMapper json, SecureRandom random, Clock clock) {
        this.store = store;
        this.tokens = tokens;
        this.users = users;
        this.robots = robots;
        this.json = json;
        this.random = random;
        this.clock = clock;
    }

    /**
     * @param owner {@code user:<name>} or {@code robot:<name>}; the caller itself when null
     * @param scope rules narrowing the token below its owner's rights; empty for all of them
     */
    public record TokenRequest(String owner, String description, Instant expiresAt, List<PolicyRule> scope) {
    }

    /** What the API shows of a token: never its hash. */
    public record TokenView(String id, String owner, String description, Instant createdAt, Instant expiresAt,
                            List<PolicyRule> scope, boolean revoked, Instant lastUsedAt) {
        static TokenView of(TokenRecord token) {
            return new TokenView(token.id(), token.owner(), token.description(), token.createdAt(), token.expiresAt(),
                    token.scope(), token.revoked(), token.lastUsedAt());
        }
    }

    /** The one moment the secret is seen. */
    public record CreatedToken(String token, TokenView details) {
    }

    public CreatedToken create(Principal caller, TokenRequest request) {
        if (caller.restriction() != Restriction.NONE) {
            throw AccessDeniedException.forbidden("a scoped or short-lived token cannot create tokens");
        }
        String owner = request.owner() == null ? caller.subject() : request.owner();
        if (!owner.equals(caller.subject()) && !caller.admin()) {
            throw AccessDeniedException.forbidden("only administrators create tokens for others");
        }
        requireOwner(owner);
        Instant now = clock.instant();
        if (request.expiresAt() != null && !request.expiresAt().isAfter(now)) {
            throw new ValidationException("expiresAt", "expiresAt must be in the future");
        }
        TokenSecret secret = TokenSecret.generate(random);
        TokenRecord record = new TokenRecord(secret.id(), owner, request.description(), secret.hash(), now,
                request.expiresAt(), request.scope(), false, null);
        store.put(record.documentId(), null, (ObjectNode) json.valueToTree(record));
        tokens.refresh(record.documentId());
        return new CreatedToken(secret.value(), TokenView.of(record));
    }

    /** The caller's tokens, or with {@code owner} someone else's (administrators), or all (administrators, owner "*"). */
    public List<TokenView> list(Principal caller, String owner) {
        String wanted = owner == null ? caller.subject() : owner;
        if (!wanted.equals(caller.subject()) && !caller.admin()) {
            throw AccessDeniedException.forbidden("only administrators list the tokens of others");
        }
        return tokens.all().stream()
                .filter(token -> "*".equals(wanted) || token.owner().equals(wanted))
                .map(TokenView::of)
                .toList();
    }

    public TokenView get(Principal caller, String id) {
        return visible(caller, id).map(TokenView::of).orElseThrow(() -> new NotFoundException("token " + id + " not found"));
    }

    /** Revoked tokens stay listed, marked revoked, so the audit trail can name them. */
    public TokenView revoke(Principal caller, String id) {
        visible(caller, id).orElseThrow(() -> new NotFoundException("token " + id + " not found"));
        store.update(DocumentIds.token(id), current -> current == null ? null : current.put("revoked", true));
        tokens.refresh(DocumentIds.token(id));
        return get(caller, id);
    }

    private Optional<TokenRecord> visible(Principal caller, String id) {
        return tokens.get(DocumentIds.token(id)).filter(token -> caller.admin() || token.owner().equals(caller.subject()));
    }

    private void requireOwner(String owner) {
        boolean exists = owner.startsWith("user:") ? users.get(DocumentIds.user(owner.substring(5))).isPresent()
                : owner.startsWith("robot:") && robots.get(DocumentIds.robot(owner.substring(6))).isPresent();
        if (!exists) {
            throw new ValidationException("owner", "owner " + owner + " is not an existing user:<name> or robot:<name>");
        }
    }
}
