package io.enseada.registry.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.errors.AccessDeniedException;
import io.enseada.registry.errors.TooManyAttemptsException;
import io.enseada.registry.metadata.ChangeFanout;
import io.enseada.registry.metadata.DocumentView;
import io.enseada.registry.metadata.MvStoreDocumentStore;
import io.enseada.shared.json.Json;
import io.enseada.shared.model.DocumentIds;
import io.enseada.shared.model.RobotRecord;
import io.enseada.shared.model.TokenRecord;
import io.enseada.shared.model.UserRecord;
import io.enseada.shared.store.DocumentStore;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Password checks that tell an attacker nothing: neither which names exist nor that a long password was cut. */
class AuthenticatorTest {
    private static final String ADDRESS = "198.51.100.7";
    private final ObjectMapper json = Json.newMapper();

    @TempDir
    Path dir;

    private DocumentStore store;
    private ChangeFanout changes;

    /** Counts every password comparison: the slow step whose presence or absence timing reveals. */
    static final class CountingHasher implements PasswordHasher {
        final AtomicInteger comparisons = new AtomicInteger();

        @Override
        public String hash(String password) {
            return "counted$" + password;
        }

        @Override
        public boolean matches(String password, String hash) {
            comparisons.incrementAndGet();
            return hash != null && hash.equals("counted$" + password);
        }
    }

    @AfterEach
    void close() {
        changes.close();
        store.close();
    }

    @Test
    void theHashRunsOnceWhetherTheNameIsUnknownDisabledOrKnown() {
        CountingHasher hasher = new CountingHasher();
        Authenticator authenticator = authenticator(
                hasher,
                new UserRecord("alice", hasher.hash("alice-password"), false, false, List.of()),
                new UserRecord("gone", hasher.hash("gone-password"), false, true, List.of()));

        assertRefusedAfterOneComparison(hasher, authenticator, "nobody", "a-guess");
        assertRefusedAfterOneComparison(hasher, authenticator, "gone", "gone-password");
        assertRefusedAfterOneComparison(hasher, authenticator, "alice", "a-guess");

        hasher.comparisons.set(0);
        assertThat(authenticator
                        .authenticate(new BasicCredentials("alice", "alice-password"), ADDRESS)
                        .name())
                .isEqualTo("alice");
        assertThat(hasher.comparisons).hasValue(1);
    }

    @Test
    void aPasswordLongerThanBcryptReadsNeverMatchesItsFirst72Bytes() {
        PasswordHasher bcrypt = new BcryptPasswordHasher(new SecureRandom());
        String stored = "p".repeat(PasswordHasher.MAX_PASSWORD_BYTES);
        Authenticator authenticator =
                authenticator(bcrypt, new UserRecord("alice", bcrypt.hash(stored), false, false, List.of()));

        assertThatThrownBy(
                        () -> authenticator.authenticate(new BasicCredentials("alice", stored + "anything"), ADDRESS))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(authenticator
                        .authenticate(new BasicCredentials("alice", stored), ADDRESS)
                        .name())
                .isEqualTo("alice");
        assertThatThrownBy(() -> bcrypt.hash(stored + "x"))
                .as("a truncated hash is never stored")
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The remembered-password shortcut must not tell a locked-out guesser which guess was right:
     * the owner's client keeps the password remembered, and the guesser's address would otherwise
     * get 429 for every wrong guess and 200 for the right one, at request rate, for ever.
     */
    @Test
    void anAddressLockedOutOfAnAccountIsRefusedEvenThePasswordItsOwnerJustUsed() {
        CountingHasher hasher = new CountingHasher();
        Authenticator authenticator =
                authenticator(hasher, new UserRecord("admin", hasher.hash("admin-password"), true, false, List.of()));
        String owner = "198.51.100.20";
        assertThat(authenticator
                        .authenticate(new BasicCredentials("admin", "admin-password"), owner)
                        .name())
                .isEqualTo("admin");

        for (int i = 0; i < 10; i++) {
            String guess = "guess-" + i;
            assertThatThrownBy(() -> authenticator.authenticate(new BasicCredentials("admin", guess), ADDRESS))
                    .isInstanceOf(AccessDeniedException.class);
        }
        assertThatThrownBy(() -> authenticator.authenticate(new BasicCredentials("admin", "guess-10"), ADDRESS))
                .isInstanceOf(TooManyAttemptsException.class);
        assertThatThrownBy(() -> authenticator.authenticate(new BasicCredentials("admin", "admin-password"), ADDRESS))
                .as("the right password from the locked address answers like a wrong one")
                .isInstanceOf(TooManyAttemptsException.class);

        hasher.comparisons.set(0);
        assertThat(authenticator
                        .authenticate(new BasicCredentials("admin", "admin-password"), owner)
                        .name())
                .as("the owner's client elsewhere keeps working, without a new bcrypt check")
                .isEqualTo("admin");
        assertThat(hasher.comparisons).hasValue(0);
    }

    private static void assertRefusedAfterOneComparison(
            CountingHasher hasher, Authenticator authenticator, String name, String password) {
        hasher.comparisons.set(0);
        assertThatThrownBy(() -> authenticator.authenticate(new BasicCredentials(name, password), ADDRESS))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(hasher.comparisons).as("comparisons for %s", name).hasValue(1);
    }

    private Authenticator authenticator(PasswordHasher hasher, UserRecord... users) {
        store = MvStoreDocumentStore.open(dir.resolve("metadata.mv.db"), json);
        changes = new ChangeFanout(store).start();
        for (UserRecord user : users) {
            store.put(user.documentId(), null, (ObjectNode) json.valueToTree(user));
        }
        Clock clock = Clock.systemUTC();
        return new Authenticator(
                new DocumentView<>(
                                store,
                                changes,
                                DocumentIds.USER_PREFIX,
                                d -> json.convertValue(d.body(), UserRecord.class))
                        .start(),
                new DocumentView<>(
                                store,
                                changes,
                                DocumentIds.ROBOT_PREFIX,
                                d -> json.convertValue(d.body(), RobotRecord.class))
                        .start(),
                new DocumentView<>(
                                store,
                                changes,
                                DocumentIds.TOKEN_PREFIX,
                                d -> json.convertValue(d.body(), TokenRecord.class))
                        .start(),
                hasher,
                new BearerTokens("a-signing-key-of-at-least-32-characters", Duration.ofMinutes(5), clock),
                new LoginThrottle(10, 100, Duration.ofMinutes(5)),
                new TokenUsage(store, Runnable::run, clock, Duration.ofMinutes(1)),
                clock);
    }
}
