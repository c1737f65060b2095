package io.enseada.registry.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Slows down password guessing: after a number of failed logins for one account, or from one
 * address, further attempts are refused until the failures are a window old. Valid credentials
 * clear the account's count. Counts live per replica; that bounds guessing per replica, which is
 * what matters for a guess-rate limit.
 */
public final class LoginThrottle {
    private final int perAccount;
    private final int perAddress;
    private final Duration window;
    private final Cache<String, AtomicInteger> failures;

    public LoginThrottle(int perAccount, int perAddress, Duration window) {
        this.perAccount = perAccount;
        this.perAddress = perAddress;
        this.window = window;
        this.failures = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(window).build();
    }

    /** @throws TooManyAttemptsException when the account or the address is over its limit */
    public void check(String account, String address) {
        if (count("a:" + account) >= perAccount || count("i:" + address) >= perAddress) {
            throw new TooManyAttemptsException(window);
        }
    }

    public void checkAddress(String address) {
        if (count("i:" + address) >= perAddress) {
            throw new TooManyAttemptsException(window);
        }
    }

    public void failedFrom(String address) {
        increment("i:" + address);
    }

    public void failed(String account, String address) {
        increment("a:" + account);
        increment("i:" + address);
    }

    public void succeeded(String account) {
        failures.invalidate("a:" + account);
    }

    private int count(String key) {
        AtomicInteger count = failures.getIfPresent(key);
        return count == null ? 0 : count.get();
    }

    private void increment(String key) {
        // Re-putting refreshes the expiry, so a steady guesser stays locked out.
        AtomicInteger count = failures.get(key, k -> new AtomicInteger());
        count.incrementAndGet();
        failures.put(key, count);
    }
}
