package io.enseada.registry.npm;

import io.enseada.registry.access.Authenticator;
import io.enseada.registry.access.BasicCredentials;
import io.enseada.registry.access.Principal;
import io.enseada.registry.audit.AuditLog;
import io.enseada.registry.errors.AccessDeniedException;
import io.enseada.registry.identity.TokenService;
import io.enseada.shared.model.AccessAction;
import io.enseada.shared.model.PolicyRule;
import io.enseada.shared.model.TokenSecret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What {@code npm login}, {@code npm logout} and {@code npm token} need, on the registry's own
 * access model: a login checks the password and mints an Enseada token; npm's token list shows
 * the caller's Enseada tokens.
 */
public final class NpmAccounts {
    private final Authenticator authenticator;
    private final TokenService tokens;
    private final AuditLog audit;
    private final Clock clock;

    public NpmAccounts(Authenticator authenticator, TokenService tokens, AuditLog audit, Clock clock) {
        this.authenticator = authenticator;
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
    }

    /** The legacy CouchDB-user login: a valid password gets a new token, nobody gets an account. */
    public TokenService.CreatedToken login(NpmRequests.LoginRequest request) {
        if (request.name() == null
                || request.password() == null
                || request.password().isEmpty()) {
            throw NpmException.badRequest("name and password are required");
        }
        if (!request.name().equals(request.pathUser())) {
            throw NpmException.badRequest("the user in the URL (" + request.pathUser()
                    + ") is not the one in the body (" + request.name() + ")");
        }
        Principal user = checkPassword(request.name(), request.password(), request.source());
        TokenService.CreatedToken created =
                tokens.create(user, new TokenService.TokenRequest(null, "npm login", null, List.of()));
        audited(user, created, "npm login", request.source());
        return created;
    }

    /** {@code npm token create}: needs the caller's password again, like the public registry. */
    public TokenService.CreatedToken create(NpmRequests.TokenCreateRequest request) {
        if (request.caller().kind() != Principal.Kind.USER) {
            throw AccessDeniedException.forbidden(
                    "only users create tokens with npm; robots get theirs from an administrator");
        }
        if (request.password() == null || request.password().isEmpty()) {
            throw NpmException.badRequest("password is required");
        }
        Principal user = checkPassword(request.caller().name(), request.password(), request.source());
        List<PolicyRule> scope = request.readOnly()
                ? List.of(new PolicyRule(List.of("*"), List.of(), List.of(AccessAction.READ)))
                : List.of();
        String description =
                request.description() == null || request.description().isBlank()
                        ? "npm token create"
                        : request.description();
        Instant expires =
                request.expiresInDays() == null ? null : clock.instant().plus(Duration.ofDays(request.expiresInDays()));
        TokenService.CreatedToken created =
                tokens.create(user, new TokenService.TokenRequest(null, description, expires, scope));
        audited(user, created, "npm token create", request.source());
        return created;
    }

    public List<TokenService.TokenView> list(Principal caller) {
        return tokens.list(caller, null).stream()
                .filter(token -> !token.revoked())
                .toList();
    }

    /** @param keyOrToken the token id (npm's "key") or the whole token */
    public void revoke(Principal caller, String keyOrToken, String source) {
        String id =
                keyOrToken.startsWith("ens_") ? keyOrToken.substring(4, Math.min(keyOrToken.length(), 20)) : keyOrToken;
        tokens.revoke(caller, id);
        audit.record(caller, "token.revoke", "token:" + id, source, "ok");
    }

    private Principal checkPassword(String name, String password, String source) {
        if (TokenSecret.parse(password).isPresent()) {
            throw AccessDeniedException.forbidden("a token is not a password: log in with the password");
        }
        try {
            return authenticator.authenticate(new BasicCredentials(name, password), source);
        } catch (AccessDeniedException e) {
            throw new AccessDeniedException(
                    true, "invalid username or password (accounts are created by an administrator)", null);
        }
    }

    private void audited(Principal user, TokenService.CreatedToken created, String how, String source) {
        audit.record(
                user,
                "token.create",
                "token:" + created.details().id() + " for " + created.details().owner() + " (" + how + ")",
                source,
                "ok");
    }
}
