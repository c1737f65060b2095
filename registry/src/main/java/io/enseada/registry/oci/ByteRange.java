package io.enseada.registry.oci;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One satisfiable byte range of a blob, from a {@code Range: bytes=...} request header. */
public record ByteRange(long first, long last, long total) {
    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    public long length() {
        return last - first + 1;
    }

    /** {@code bytes first-last/total}, for {@code Content-Range}. */
    public String contentRange() {
        return "bytes " + first + "-" + last + "/" + total;
    }

    /** Thrown for a range that lies wholly outside the blob: answered 416 with {@code bytes *}{@code /total}. */
    public static final class NotSatisfiable extends RuntimeException {
        private final long total;

        NotSatisfiable(long total) {
            super("range not satisfiable for " + total + " bytes");
            this.total = total;
        }

        public long total() {
            return total;
        }
    }

    /**
     * Reads a single-range header against a blob of {@code total} bytes. Empty means "send it all":
     * no header, a header this does not understand, or several ranges (RFC 9110 lets a server
     * ignore Range).
     *
     * @throws NotSatisfiable when the one range asked for starts past the end
     */
    public static Optional<ByteRange> parse(String header, long total) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = SINGLE.matcher(header.trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return Optional.empty();
        }
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0 || total == 0) {
                    throw new NotSatisfiable(total);
                }
                return Optional.of(new ByteRange(Math.max(0, total - suffix), total - 1, total));
            }
            long first = Long.parseLong(m.group(1));
            long last = m.group(2).isEmpty() ? total - 1 : Math.min(Long.parseLong(m.group(2)), total - 1);
            if (first >= total || (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < first)) {
                if (first < total) {
                    return Optional.empty(); // syntactically invalid (last < first): ignore the header
                }
                throw new NotSatisfiable(total);
            }
            return Optional.of(new ByteRange(first, last, total));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
