package io.enseada.registry.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.enseada.registry.errors.AccessDeniedException;
import io.enseada.registry.errors.TooManyAttemptsException;
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
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns a request's credentials into a {@link Principal}: HTTP Basic with a password or a token
 * as the password, or Bearer with a token or a JWT from the token endpoint. No credentials make
 * the anonymous caller; wrong ones are refused, never downgraded to anonymous. The principal
 * carries the {@link Credential} it was proven with.
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
     * so a changed password invalidates it at once. A remembered password skips bcrypt, never the
     * lock of an address that guessed this account's password too often: accepting it there would
     * tell the guesser which of its guesses is right (the owner's client keeps it remembered).
     */
    private final Cache<String, Boolean> verified = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(5))
            .build();
    /** Hashed lazily: most processes never see a login for an unknown name. */
    private volatile String decoy;

    public Authenticator(
            DocumentView<UserRecord> users,
            DocumentView<RobotRecord> robots,
            DocumentView<TokenRecord> tokens,
            PasswordHasher hasher,
            BearerTokens bearerTokens,
            LoginThrottle throttle,
            TokenUsage usage,
            Clock clock) {
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
     * @param address the caller's address (see {@code ClientAddress}), for slowing down guessing
     * @throws AccessDeniedException when credentials are present but wrong
     * @throws TooManyAttemptsException when this address failed this account's password too often
     *         lately, or failed too often overall and failed again
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
            // Not counted as a failure: an expired JWT is routine, and Docker clients fetch a new
            // one only on 401, never on 429.
            return bearerTokens
                    .verify(bearer)
                    .flatMap(this::fromJwt)
                    .orElseThrow(AccessDeniedException::badCredentials);
        }
        throw AccessDeniedException.badCredentials();
    }

    /** Basic credentials, also as the token endpoint and {@code npm login} receive them. */
    public Principal authenticate(BasicCredentials credentials, String address) {
        Optional<TokenSecret> token = TokenSecret.parse(credentials.password());
        if (token.isPresent()) {
            return withToken(token.get(), address);
        }
        String name = credentials.username();
        Optional<UserRecord> user = users.get(DocumentIds.user(name)).filter(u -> !u.disabled());
        throttle.checkAccount(name, address);
        boolean known = user.isPresent()
                && verified.getIfPresent(cacheKey(credentials, user.get().passwordHash())) != null;
        if (!known) {
            if (!passwordMatches(credentials.password(), user)) {
                boolean overLimit = throttle.addressOverLimit(address);
                throttle.failed(name, address);
                throw overLimit
                        ? new TooManyAttemptsException(throttle.window())
                        : AccessDeniedException.badCredentials();
            }
            verified.put(cacheKey(credentials, user.get().passwordHash()), Boolean.TRUE);
            throttle.succeeded(name, address);
        }
        UserRecord account = user.get();
        return Principal.user(account.name(), account.admin(), account.groups(), Restriction.NONE)
                .withCredential(Credential.password(fingerprint(account.passwordHash())));
    }

    /** Tokens are 256 random bits: a valid one is never throttled, a wrong one counts against the address only. */
    private Principal withToken(TokenSecret secret, String address) {
        Optional<Principal> principal = tokens.get(DocumentIds.token(secret.id()))
                .filter(record -> usable(record) && secret.matches(record.secretHash()))
                .flatMap(record -> owner(
                                record.owner(),
                                record.ownerUid(),
                                Restriction.scope(record.scope().stream()
                                        .map(CompiledRule::of)
                                        .toList()))
                        .map(owner -> owner.withCredential(Credential.token(record))));
        if (principal.isEmpty()) {
            boolean overLimit = throttle.addressOverLimit(address);
            throttle.failedFrom(address);
            throw overLimit ? new TooManyAttemptsException(throttle.window()) : AccessDeniedException.badCredentials();
        }
        usage.used(secret.id());
        return principal.get();
    }

    /**
     * A JWT acts for its subject only while the credential it was issued for still works: its API
     * token not revoked or expired, or its user's password unchanged. A JWT naming neither (from
     * before JWTs were bound) is refused; the client simply asks for a new one.
     */
    private Optional<Principal> fromJwt(BearerTokens.Claims claims) {
        Restriction restriction = OciScopes.restriction(claims.access());
        if (Subject.ANONYMOUS.equals(claims.subject())) {
            return Optional.of(Principal.ANONYMOUS.restrictedTo(restriction));
        }
        Optional<Principal> principal;
        if (claims.tokenId() != null) {
            principal = tokens.get(DocumentIds.token(claims.tokenId()))
                    .filter(token -> usable(token) && token.owner().equals(claims.subject()))
                    .flatMap(token -> owner(claims.subject(), token.ownerUid(), restriction));
        } else if (claims.passwordFingerprint() != null && claims.subject().startsWith("user:")) {
            principal = users.get(DocumentIds.user(claims.subject().substring(5)))
                    .filter(u -> !u.disabled() && claims.passwordFingerprint().equals(fingerprint(u.passwordHash())))
                    .map(u -> Principal.user(u.name(), u.admin(), u.groups(), restriction));
        } else {
            principal = Optional.empty();
        }
        return principal.map(p -> p.withCredential(Credential.bearer(claims)));
    }

    /**
     * A token works while it and every token it was made with are neither revoked nor expired, so
     * revoking a leaked token also ends whatever its holder made with it.
     */
    private boolean usable(TokenRecord token) {
        Instant now = clock.instant();
        return token.usableAt(now)
                && token.madeWith().stream()
                        .allMatch(id -> tokens.get(DocumentIds.token(id))
                                .filter(maker -> maker.usableAt(now))
                                .isPresent());
    }

    /**
     * The live account behind a token: disabled or deleted accounts have none, and neither has a
     * re-created account of the same name (another uid) for the old one's tokens.
     */
    private Optional<Principal> owner(String subject, String ownerUid, Restriction restriction) {
        if (subject.startsWith("user:")) {
            return users.get(DocumentIds.user(subject.substring(5)))
                    .filter(u -> !u.disabled() && Objects.equals(u.uid(), ownerUid))
                    .map(u -> Principal.user(u.name(), u.admin(), u.groups(), restriction));
        }
        if (subject.startsWith("robot:")) {
            return robots.get(DocumentIds.robot(subject.substring(6)))
                    .filter(r -> !r.disabled() && Objects.equals(r.uid(), ownerUid))
                    .map(r -> Principal.robot(r.name(), restriction));
        }
        return Optional.empty();
    }

    /**
     * The user behind a signed-in browser session, while the account is enabled and its password
     * is the one the session was signed in with ({@code passwordFingerprint}, from the sign-in's
     * {@link Credential}): a disabled account or a changed password ends every session at once.
     */
    public Optional<Principal> sessionUser(String name, String passwordFingerprint) {
        return users.get(DocumentIds.user(name))
                .filter(u -> !u.disabled() && fingerprint(u.passwordHash()).equals(passwordFingerprint))
                .map(u -> Principal.user(u.name(), u.admin(), u.groups(), Restriction.NONE)
                        .withCredential(Credential.password(passwordFingerprint)));
    }

    /**
     * bcrypt runs exactly once whatever the name: against the account's hash, or against a decoy
     * for unknown and disabled accounts, so the time a login takes does not tell which names exist.
     */
    private boolean passwordMatches(String password, Optional<UserRecord> user) {
        boolean usable = user.isPresent() && PasswordHasher.fits(password);
        boolean matches = hasher.matches(password, usable ? user.get().passwordHash() : decoyHash());
        return usable && matches;
    }

    private String decoyHash() {
        String hash = decoy;
        if (hash == null) {
            hash = hasher.hash(UUID.randomUUID().toString());
            decoy = hash;
        }
        return hash;
    }

    /** Names a stored password hash in a bearer JWT without revealing it; a changed password changes it. */
    private static String fingerprint(String storedHash) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.valueOf(storedHash).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
