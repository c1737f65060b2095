package io.enseada.registry.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.access.Credential;
import io.enseada.registry.access.Principal;
import io.enseada.registry.errors.AccessDeniedException;
import io.enseada.registry.errors.NotFoundException;
import io.enseada.registry.errors.ValidationException;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * API tokens: a user manages their own, an administrator everyone's (robots' included). Who counts
 * as an administrator here is the credential's right, never the account's alone: an administrator's
 * scoped token or bearer JWT manages only its own account's tokens.
 */
public final class TokenService {
    /** How deep tokens made with tokens may nest; each use checks every one above it. */
    static final int MAX_GENERATIONS = 8;

    private final DocumentStore store;
    private final DocumentView<TokenRecord> tokens;
    private final DocumentView<UserRecord> users;
    private final DocumentView<RobotRecord> robots;
    private final ObjectMapper json;
    private final SecureRandom random;
    private final Clock clock;

    public TokenService(
            DocumentStore store,
            DocumentView<TokenRecord> tokens,
            DocumentView<UserRecord> users,
            DocumentView<RobotRecord> robots,
            ObjectMapper json,
            SecureRandom random,
            Clock clock) {
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
    public record TokenRequest(String owner, String description, Instant expiresAt, List<PolicyRule> scope) {}

    /** What the API shows of a token: never its hash. */
    public record TokenView(
            String id,
            String owner,
            String description,
            Instant createdAt,
            Instant expiresAt,
            List<PolicyRule> scope,
            boolean revoked,
            Instant lastUsedAt) {
        static TokenView of(TokenRecord token) {
            return new TokenView(
                    token.id(),
                    token.owner(),
                    token.description(),
                    token.createdAt(),
                    token.expiresAt(),
                    token.scope(),
                    token.revoked(),
                    token.lastUsedAt());
        }
    }

    /** The one moment the secret is seen. */
    public record CreatedToken(String token, TokenView details) {}

    /**
     * A new token for the caller, or (administrators) for another account. It never outlives or
     * outgrows the credential of the request: a token made with an expiring token expires no later
     * (and by default with it), and one made with a scoped token has that scope (by default) or a
     * narrower one.
     */
    public CreatedToken create(Principal caller, TokenRequest request) {
        Credential credential = caller.credential();
        if (credential.type() == Credential.Type.BEARER) {
            throw AccessDeniedException.forbidden("a bearer token from the token endpoint cannot create tokens");
        }
        String owner = request.owner() == null ? caller.subject() : request.owner();
        if (!owner.equals(caller.subject()) && !caller.isAdmin()) {
            throw AccessDeniedException.forbidden(
                    "only administrators (with an unscoped credential) create tokens for others");
        }
        String ownerUid = ownerUid(owner);
        Instant now = clock.instant();
        Instant expiresAt = request.expiresAt();
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new ValidationException("expiresAt", "expiresAt must be in the future");
        }
        if (credential.expiresAt() != null) {
            if (expiresAt == null) {
                expiresAt = credential.expiresAt();
            } else if (expiresAt.isAfter(credential.expiresAt())) {
                throw new ValidationException(
                        "expiresAt",
                        "expiresAt must not be later than " + credential.expiresAt()
                                + ", when the token making this request expires");
            }
        }
        List<PolicyRule> scope = request.scope() == null ? List.of() : request.scope();
        for (int i = 0; i < scope.size(); i++) {
            if (scope.get(i) == null) {
                throw new ValidationException(
                        "scope[" + i + "]", "a scope rule is an object with repositories and actions, not null");
            }
        }
        if (!credential.scope().isEmpty()) {
            if (scope.isEmpty()) {
                scope = credential.scope();
            } else if (!ScopeBounds.within(scope, credential.scope())) {
                throw new ValidationException(
                        "scope", "scope must stay within the scope of the token making this request");
            }
        }
        TokenSecret secret = TokenSecret.generate(random);
        TokenRecord record = new TokenRecord(
                secret.id(),
                owner,
                request.description(),
                secret.hash(),
                now,
                expiresAt,
                scope,
                false,
                null,
                ownerUid,
                madeWith(credential));
        store.put(record.documentId(), null, (ObjectNode) json.valueToTree(record));
        tokens.refresh(record.documentId());
        return new CreatedToken(secret.value(), TokenView.of(record));
    }

    /** The caller's tokens, or with {@code owner} someone else's (administrators), or all (administrators, owner "*"). */
    public List<TokenView> list(Principal caller, String owner) {
        String wanted = owner == null ? caller.subject() : owner;
        if (!wanted.equals(caller.subject()) && !caller.isAdmin()) {
            throw AccessDeniedException.forbidden("only administrators list the tokens of others");
        }
        return tokens.all().stream()
                .filter(token -> "*".equals(wanted) || token.owner().equals(wanted))
                .map(TokenView::of)
                .toList();
    }

    public TokenView get(Principal caller, String id) {
        return visible(caller, id)
                .map(TokenView::of)
                .orElseThrow(() -> new NotFoundException("token " + id + " not found"));
    }

    /** Revoked tokens stay listed, marked revoked, so the audit trail can name them. */
    public TokenView revoke(Principal caller, String id) {
        TokenRecord token = visible(caller, id).orElseThrow(() -> new NotFoundException("token " + id + " not found"));
        Credential credential = caller.credential();
        if (credential.type() == Credential.Type.BEARER) {
            throw AccessDeniedException.forbidden("a bearer token from the token endpoint cannot revoke tokens");
        }
        // A scoped token may end itself and what it could have made, not a wider token of its owner.
        if (!credential.scope().isEmpty()
                && (token.scope().isEmpty() || !ScopeBounds.within(token.scope(), credential.scope()))) {
            throw AccessDeniedException.forbidden("a scoped token revokes only tokens within its own scope");
        }
        revokeWhere(candidate -> candidate.id().equals(token.id()));
        return get(caller, id);
    }

    /**
     * Revokes every live token of an account that is being deleted, so that neither they nor a
     * re-created account of the same name can use them.
     *
     * @return how many were revoked
     */
    public int revokeAllOf(String owner) {
        return revokeWhere(token -> token.owner().equals(owner));
    }

    /** Revokes the selected live tokens and every token made with one of them; counts the selected ones. */
    private int revokeWhere(Predicate<TokenRecord> selected) {
        Set<String> ended = new HashSet<>();
        for (TokenRecord token : tokens.all()) {
            if (selected.test(token) && !token.revoked()) {
                markRevoked(token);
                ended.add(token.id());
            }
        }
        // What was made with them stops working by itself (the authenticator checks the whole line);
        // marking it too keeps the listings truthful.
        for (TokenRecord token : tokens.all()) {
            if (!token.revoked() && token.madeWith().stream().anyMatch(ended::contains)) {
                markRevoked(token);
            }
        }
        return ended.size();
    }

    private void markRevoked(TokenRecord token) {
        store.update(token.documentId(), current -> current == null ? null : current.put("revoked", true));
        tokens.refresh(token.documentId());
    }

    /** The line of tokens a new token is made with: the calling token and the ones it was made with. */
    private List<String> madeWith(Credential credential) {
        if (credential.type() != Credential.Type.TOKEN) {
            return List.of();
        }
        List<String> line = new ArrayList<>();
        line.add(credential.tokenId());
        tokens.get(DocumentIds.token(credential.tokenId())).ifPresent(maker -> line.addAll(maker.madeWith()));
        if (line.size() > MAX_GENERATIONS) {
            throw new ValidationException(
                    "body",
                    "tokens made with tokens nest at most " + MAX_GENERATIONS
                            + " deep; make this one with a password or a token made with one");
        }
        return line;
    }

    /** Only an unrestricted administrator sees (and revokes) tokens that are not its own. */
    private Optional<TokenRecord> visible(Principal caller, String id) {
        return tokens.get(DocumentIds.token(id))
                .filter(token -> caller.isAdmin() || token.owner().equals(caller.subject()));
    }

    /** The uid of the account a new token is for, which the token is bound to. */
    private String ownerUid(String owner) {
        if (owner.startsWith("user:")) {
            Optional<UserRecord> user = users.get(DocumentIds.user(owner.substring(5)));
            if (user.isPresent()) {
                return user.get().uid();
            }
        } else if (owner.startsWith("robot:")) {
            Optional<RobotRecord> robot = robots.get(DocumentIds.robot(owner.substring(6)));
            if (robot.isPresent()) {
                return robot.get().uid();
            }
        }
        throw new ValidationException("owner", "owner " + owner + " is not an existing user:<name> or robot:<name>");
    }
}
