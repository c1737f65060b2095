package io.enseada.registry.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.access.Authenticator;
import io.enseada.registry.access.Principal;
import io.enseada.shared.store.Document;
import io.enseada.shared.store.DocumentStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The web UI's sign-in sessions, kept in the metadata store so that every replica knows them and
 * signing out ends a session everywhere. The browser holds only a random secret; the store holds
 * its SHA-256, so a leaked database holds no usable session. A session lasts {@link #LIFETIME}
 * from sign-in, and ends earlier when its user is disabled or changes password
 * ({@link Authenticator#sessionUser}).
 */
final class UiSessions {
    static final String PREFIX = "ui-session:";
    static final Duration LIFETIME = Duration.ofHours(12);

    private final DocumentStore store;
    private final Authenticator authenticator;
    private final ObjectMapper json;
    private final Clock clock;
    private final SecureRandom random;

    UiSessions(DocumentStore store, Authenticator authenticator, ObjectMapper json, Clock clock, SecureRandom random) {
        this.store = store;
        this.authenticator = authenticator;
        this.json = json;
        this.clock = clock;
        this.random = random;
    }

    /** A session as a request finds it: its user and the token its forms must carry. */
    record Session(Principal user, String csrf) {}

    /** What a sign-in hands the browser: the cookie's secret, and the session it opens. */
    record Opened(String secret, Session session) {}

    record Stored(String user, String passwordFingerprint, String csrf, Instant created, Instant expires) {}

    /** Opens a session for a user who just proved their password. */
    Opened open(Principal user) {
        String secret = randomText();
        Instant now = clock.instant();
        Stored stored =
                new Stored(user.name(), user.credential().passwordFingerprint(), randomText(), now, now.plus(LIFETIME));
        store.put(id(secret), null, (ObjectNode) json.valueToTree(stored));
        return new Opened(secret, new Session(user, stored.csrf()));
    }

    /** The live session of a cookie's secret, or empty when it is unknown, expired or its user's sign-in no longer holds. */
    Optional<Session> find(String secret) {
        if (secret == null || secret.isBlank() || secret.length() > 100) {
            return Optional.empty();
        }
        Optional<Document> document = store.get(id(secret));
        if (document.isEmpty()) {
            return Optional.empty();
        }
        Stored stored = json.convertValue(document.get().body(), Stored.class);
        if (!clock.instant().isBefore(stored.expires())) {
            store.delete(document.get().id(), document.get().rev());
            return Optional.empty();
        }
        return authenticator
                .sessionUser(stored.user(), stored.passwordFingerprint())
                .map(user -> new Session(user, stored.csrf()));
    }

    /** Signs out: the session ends on every replica. */
    void close(String secret) {
        if (secret == null || secret.isBlank() || secret.length() > 100) {
            return;
        }
        store.get(id(secret)).ifPresent(document -> store.delete(document.id(), document.rev()));
    }

    /** 256 random bits, URL-safe: a session's secret, a form's CSRF token. */
    String randomText() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String id(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
