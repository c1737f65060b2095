package io.enseada.registry.access;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoginThrottleTest {
    private final LoginThrottle throttle = new LoginThrottle(3, 5, Duration.ofMinutes(5));

    @Test
    void anAccountIsRefusedAfterItsFailuresAndClearedBySuccess() {
        for (int i = 0; i < 3; i++) {
            throttle.check("alice", "10.0.0.1");
            throttle.failed("alice", "10.0.0.1");
        }
        assertThatThrownBy(() -> throttle.check("alice", "10.0.0.2")).isInstanceOf(TooManyAttemptsException.class);
        assertThatCode(() -> throttle.check("bob", "10.0.0.2")).doesNotThrowAnyException();
        throttle.succeeded("alice");
        assertThatCode(() -> throttle.check("alice", "10.0.0.2")).doesNotThrowAnyException();
    }

    @Test
    void anAddressIsRefusedAfterFailuresAcrossAccounts() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("user" + i, "10.0.0.9");
        }
        assertThatThrownBy(() -> throttle.check("fresh", "10.0.0.9")).isInstanceOf(TooManyAttemptsException.class);
        assertThatCode(() -> throttle.check("fresh", "10.0.0.10")).doesNotThrowAnyException();
    }
}
