package io.enseada.registry.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enseada.registry.errors.TooManyAttemptsException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private final LoginThrottle throttle = new LoginThrottle(3, 5, Duration.ofMinutes(5));

    @Test
    void anAccountIsLockedOnlyForTheAddressThatFailedIt() {
        for (int i = 0; i < 3; i++) {
            throttle.checkAccount("admin", "198.51.100.7");
            throttle.failed("admin", "198.51.100.7");
        }
        assertThatThrownBy(() -> throttle.checkAccount("admin", "198.51.100.7"))
                .isInstanceOf(TooManyAttemptsException.class);
        assertThatCode(() -> throttle.checkAccount("admin", "10.0.0.2"))
                .as("the account from elsewhere")
                .doesNotThrowAnyException();
        assertThatCode(() -> throttle.checkAccount("bob", "198.51.100.7"))
                .as("another account from there")
                .doesNotThrowAnyException();
        throttle.succeeded("admin", "198.51.100.7");
        assertThatCode(() -> throttle.checkAccount("admin", "198.51.100.7")).doesNotThrowAnyException();
    }

    @Test
    void anAddressPastItsLimitIsOnlyMarkedForItsFailures() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("user" + i, "10.0.0.9");
        }
        assertThat(throttle.addressOverLimit("10.0.0.9")).isFalse();
        throttle.failedFrom("10.0.0.9");
        assertThat(throttle.addressOverLimit("10.0.0.9")).isTrue();
        assertThat(throttle.addressOverLimit("10.0.0.10")).isFalse();
        assertThatCode(() -> throttle.checkAccount("fresh", "10.0.0.9"))
                .as("no lock of an account it never failed")
                .doesNotThrowAnyException();
        throttle.succeeded("user0", "10.0.0.9");
        assertThat(throttle.addressOverLimit("10.0.0.9"))
                .as("a success from the address does not reset its failures")
                .isTrue();
    }
}
