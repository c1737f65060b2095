package io.enseada.registry.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.enseada.registry.errors.TooManyAttemptsException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds password guessing without handing anyone a way to lock others out.
 *
 * <p>Failed password logins are counted per account <em>and</em> address: after {@code perAccount}
 * failures of one account from one address, that address's further password attempts for that
 * account are refused until the failures are a window old. Every other address logs in to the
 * account as usual, so an anonymous caller can lock out only itself (the idea of OWASP's "device
 * cookie" lockout, with the client address as the device, resolved through trusted proxies).
 *
 * <p>Failures of any kind (tokens included) are also counted per address: past {@code perAddress}
 * the address's further failures answer 429 instead of 401, telling clients to back off; valid
 * credentials from it are still accepted, so clients sharing an address with a guesser keep working.
 *
 * <p>Counts live per replica, which bounds guessing per replica: what matters for a guess rate.
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
        this.failures = Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfterWrite(window)
                .build();
    }

    /** @throws TooManyAttemptsException when this address failed this account's password too often lately */
    public void checkAccount(String account, String address) {
        if (count(pair(account, address)) >= perAccount) {
            throw new TooManyAttemptsException(window);
        }
    }

    /** Whether an address's failures are past its limit, so that they answer 429 rather than 401. */
    public boolean addressOverLimit(String address) {
        return count(address(address)) >= perAddress;
    }

    /** A failed password login. */
    public void failed(String account, String address) {
        increment(pair(account, address));
        increment(address(address));
    }

    /** A failed token or bearer JWT: tokens are 256 random bits, so only the address counts. */
    public void failedFrom(String address) {
        increment(address(address));
    }

    /** A valid password clears its account's count from that address (not the address's own count). */
    public void succeeded(String account, String address) {
        failures.invalidate(pair(account, address));
    }

    public Duration window() {
        return window;
    }

    private static String pair(String account, String address) {
        return "a:" + address + " " + account;
    }

    private static String address(String address) {
        return "i:" + address;
    }

    private int count(String key) {
        AtomicInteger count = failures.getIfPresent(key);
        return count == null ? 0 : count.get();
    }

    private void increment(String key) {
        // Re-putting refreshes the expiry, so a steady guesser stays locked out (of its own attempts).
        AtomicInteger count = failures.get(key, k -> new AtomicInteger());
        count.incrementAndGet();
        failures.put(key, count);
    }
}
