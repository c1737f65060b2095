package io.enseada.registry.ui;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the pages write numbers, times and links. */
public final class Text {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Text() {}

    /** Bytes in binary units, as the quota and the clients count them: {@code 5.0 MiB}. */
    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** A time to the minute in UTC, or a dash when unknown. */
    public static String time(Instant instant) {
        return instant == null ? "—" : TIME.format(instant);
    }

    /** The machine-readable form for a {@code <time datetime>}, or null (the attribute is left out). */
    public static String isoTime(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /** A query parameter's value. */
    public static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * A path segment-wise encoded for a URL, slashes kept: package names carry {@code @}, {@code /}
     * and {@code :}, which stay readable.
     */
    public static String path(String path) {
        StringBuilder out = new StringBuilder();
        for (String segment : path.split("/", -1)) {
            if (!out.isEmpty()) {
                out.append('/');
            }
            out.append(URLEncoder.encode(segment, StandardCharsets.UTF_8)
                    .replace("+", "%20")
                    .replace("%40", "@")
                    .replace("%3A", ":"));
        }
        return out.toString();
    }

    /** An untrusted link (a package's homepage) when it is http or https, else null: never {@code javascript:}. */
    public static String safeLink(String url) {
        if (url == null) {
            return null;
        }
        try {
            String scheme = URI.create(url.trim()).getScheme();
            return scheme != null && (scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"))
                    ? url.trim()
                    : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The short form of a digest, as registries show it: {@code sha256:0123456789ab}. */
    public static String shortDigest(String digest) {
        if (digest == null) {
            return "";
        }
        int colon = digest.indexOf(':');
        return colon < 0 || digest.length() <= colon + 13 ? digest : digest.substring(0, colon + 13);
    }
}
