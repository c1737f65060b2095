package io.enseada.registry.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.enseada.registry.metadata.DocumentView;
import io.enseada.shared.model.DocumentIds;
import io.enseada.shared.model.UserRecord;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/** Turns a request's credentials into a {@link Principal}; no credentials make the anonymous caller. */
public final class Authenticator {
    private final DocumentView<UserRecord> users;
    private final PasswordHasher hasher;
    /**
     * bcrypt costs tens of milliseconds by design, and clients send Basic credentials with every
     * request, so a successful check is remembered briefly. The key covers the stored hash too,
     * so a changed password invalidates it at once.
     */
    private final Cache<String, Boolean> verified = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(5))
            .build();

    public Authenticator(DocumentView<UserRecord> users, PasswordHasher hasher) {
        this.users = users;
        this.hasher = hasher;
    }

    /** @throws AccessDeniedException when credentials are present but wrong */
    public Principal authenticate(String authorizationHeader) {
        Optional<BasicCredentials> basic = BasicCredentials.parse(authorizationHeader);
        if (basic.isEmpty()) {
            if (authorizationHeader != null && !authorizationHeader.isBlank()) {
                throw AccessDeniedException.badCredentials();
            }
            return Principal.ANONYMOUS;
        }
        return authenticate(basic.get());
    }

    public Principal authenticate(BasicCredentials credentials) {
        UserRecord user = users.get(DocumentIds.user(credentials.username()))
                .filter(u -> !u.disabled())
                .orElseThrow(AccessDeniedException::badCredentials);
        String key = cacheKey(credentials, user.passwordHash());
        if (verified.getIfPresent(key) == null) {
            if (!hasher.matches(credentials.password(), user.passwordHash())) {
                throw AccessDeniedException.badCredentials();
            }
            verified.put(key, Boolean.TRUE);
        }
        Set<String> groups = new HashSet<>(user.groups());
        return new Principal(user.name(), Principal.Kind.USER, user.admin(), groups);
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
