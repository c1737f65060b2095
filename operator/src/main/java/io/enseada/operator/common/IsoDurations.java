package io.enseada.operator.common;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ISO-8601 durations as the CRDs' duration patterns admit them (an AccessPolicy's {@code
 * rotateAfter}, a proxy Repository's {@code metadataMaxAge}): a date part
 * ({@code Y}, {@code M}, {@code W}, {@code D}) and a time part ({@code H}, {@code M}, {@code S}).
 * {@link Duration#parse} knows no years, months or weeks, so a year counts 365 days and a month 30.
 */
public final class IsoDurations {
    private static final String DATE_PART = "(\\d+Y(\\d+M)?(\\d+W)?(\\d+D)?|\\d+M(\\d+W)?(\\d+D)?|\\d+W(\\d+D)?|\\d+D)";
    private static final String TIME_PART = "T(\\d+H(\\d+M)?(\\d+S)?|\\d+M(\\d+S)?|\\d+S)";
    /**
     * The CRD's pattern. The API server checks it with Go's RE2, which has no lookahead, so "at
     * least one component" is spelled out: a date part that starts with its first present
     * component, optionally followed by a time part, or a time part alone.
     */
    public static final String PATTERN = "^P(" + DATE_PART + "(" + TIME_PART + ")?|" + TIME_PART + ")$";

    private static final Pattern VALID = Pattern.compile(PATTERN);
    private static final Pattern FORMAT = Pattern.compile("^P(?:(\\d+)Y)?(?:(\\d+)M)?(?:(\\d+)W)?(?:(\\d+)D)?(T.+)?$");

    private IsoDurations() {}

    /** A duration longer than zero. */
    public static Duration parse(String text) {
        Duration total = parseAllowingZero(text);
        if (total.isZero()) {
            throw new IllegalArgumentException("'" + text + "' must be longer than zero");
        }
        return total;
    }

    /** A duration of zero or more: {@code PT0S} may mean "never trust the cache" where that makes sense. */
    public static Duration parseAllowingZero(String text) {
        Matcher m = text == null ? null : FORMAT.matcher(text);
        if (m == null || !m.matches() || !VALID.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 duration such as P30D or PT12H");
        }
        try {
            // exact arithmetic: a wrapped-around sum would pass for a short duration
            long days = Math.addExact(
                    Math.addExact(
                            Math.multiplyExact(number(m.group(1)), 365), Math.multiplyExact(number(m.group(2)), 30)),
                    Math.addExact(Math.multiplyExact(number(m.group(3)), 7), number(m.group(4))));
            Duration time = m.group(5) == null ? Duration.ZERO : Duration.parse("P" + m.group(5));
            return Duration.ofDays(days).plus(time);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too long a duration");
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 duration such as P30D or PT12H");
        }
    }

    private static long number(String digits) {
        return digits == null ? 0 : Long.parseLong(digits);
    }
}
