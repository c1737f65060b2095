package io.enseada.registry.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.enseada.registry.metadata.DocumentView;
import io.enseada.shared.model.DocumentIds;
import io.enseada.shared.model.RobotRecord;
import io.enseada.shared.model.Subject;
import io.enseada.shared.model.TokenRecord;
import io.enseada.shared.model.TokenSecret;
import io.enseada.shared.model.UserRecord;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Turns a request's credentials into a {@link Principal}: HTTP Basic with a password or a token
 * as the password, or Bearer with a token or a JWT from the token endpoint. No credentials make
 * the anonymous caller; wrong ones are refused, never downgraded to anonymous.
 */
public final class Authenticator {
    private final DocumentView<UserRecord> users;
    private final DocumentView<RobotRecord> robots;
    private final DocumentView<TokenRecord> tokens;
    private final PasswordHasher hasher;
    private final BearerTokens bearerTokens;
    private final LoginThrottle throttle;
    private final TokenUsage usage;
    private final Clock clock;
    /**
     * bcrypt costs tens of milliseconds by design, and clients send Basic credentials with every
     * request, so a successful check is remembered briefly. The key covers the stored hash too,
     * so a changed password invalidates it at once.
     */
    private final Cache<String, Boolean> verified = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(5))
            .build();

    public Authenticator(DocumentView<UserRecord> users, DocumentView<RobotRecord> robots, DocumentView<TokenRecord> tokens,
                         PasswordHasher hasher, BearerTokens bearerTokens, LoginThrottle throttle, TokenUsage usage, Clock clock) {
        this.users = users;
        this.robots = robots;
        this.tokens = tokens;
        this.hasher = hasher;
        this.bearerTokens = bearerTokens;
        this.throttle = throttle;
        this.usage = usage;
        this.clock = clock;
    }

    /**
     * @param address the caller's address, for slowing down guessing
     * @throws AccessDeniedException when credentials are present but wrong
     * @throws TooManyAttemptsException when the account or address failed too often lately
     */
    public Principal authenticate(String authorizationHeader, String address) {
        if (authorizationHeader == null || authorizationHeader.isBlank()) {
            return Principal.ANONYMOUS;
        }
        Optional<BasicCredentials> basic = BasicCredentials.parse(authorizationHeader);
        if (basic.isPresent()) {
            return authenticate(basic.get(), address);
        }
        if (authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String bearer = authorizationHeader.substring(7).trim();
            Optional<TokenSecret> token = TokenSecret.parse(bearer);
            if (token.isPresent()) {
                return withToken(token.get(), address);
            }
            return bearerTokens.verify(bearer).flatMap(this::fromJwt).orElseThrow(AccessDeniedException::badCredentials);
        }
        throw AccessDeniedException.badCredentials();
    }

    /** Basic credentials, also as the token endpoint and {@code npm login} receive them. */
    public Principal authenticate(BasicCredentials credentials, String address) {
        Optional<TokenSecret> token = TokenSecret.parse(credentials.password());
        if (token.isPresent()) {
            return withToken(token.get(), address);
        }
        throttle.check(credentials.username(), address);
        Optional<UserRecord> user = users.get(DocumentIds.user(credentials.username())).filter(u -> !u.disabled());
        if (user.isEmpty() || !passwordMatches(credentials, user.get().passwordHash())) {
            throttle.failed(credentials.username(), address);
            throw AccessDeniedException.badCredentials();
        }
        throttle.succeeded(credentials.username());
        return Principal.user(user.get().name(), user.get().admin(), user.get().groups(), Restriction.NONE);
    }

    /** Tokens are 256 random bits, so their failures count against the address, never an account's password logins. */
    private Principal withToken(TokenSecret secret, String address) {
        throttle.checkAddress(address);
        Optional<Principal> principal = tokens.get(DocumentIds.token(secret.id()))
                .filter(record -> record.usableAt(clock.instant()) && secret.matches(record.secretHash()))
                .flatMap(record -> owner(record.owner(), Restriction.scope(record.scope().stream().map(CompiledRule::of).toList())));
        if (principal.isEmpty()) {
            throttle.failedFrom(address);
            throw AccessDeniedException.badCredentials();
        }
        usage.used(secret.id());
        return principal.get();
    }

    private Optional<Principal> fromJwt(BearerTokens.Claims claims) {
        Restriction restriction = OciScopes.restriction(claims.access());
        if (Subject.ANONYMOUS.equals(claims.subject())) {
            return Optional.of(Principal.ANONYMOUS.restrictedTo(restriction));
        }
        return owner(claims.subject(), restriction);
    }

    /** The live account behind a token or JWT subject; disabled or deleted accounts have none. */
    private Optional<Principal> owner(String subject, Restriction restriction) {
        if (subject.startsWith("user:")) {
            return users.get(DocumentIds.user(subject.substring(5))).filter(u -> !u.disabled())
                    .map(u -> Principal.user(u.name(), u.admin(), u.groups(), restriction));
        }
        if (subject.startsWith("robot:")) {
            return robots.get(DocumentIds.robot(subject.substring(6))).filter(r -> !r.disabled())
                    .map(r -> Principal.robot(r.name(), restriction));
        }
        return Optional.empty();
    }

    private boolean passwordMatches(BasicCredentials credentials, String storedHash) {
        String key = cacheKey(credentials, storedHash);
        if (verified.getIfPresent(key) != null) {
            return true;
        }
        if (!hasher.matches(credentials.password(), storedHash)) {
            return false;
        }
        verified.put(key, Boolean.TRUE);
        return true;
    }

    private static String cacheKey(BasicCredentials credentials, String storedHash) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(credentials.username().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(credentials.password().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(String.valueOf(storedHash).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
