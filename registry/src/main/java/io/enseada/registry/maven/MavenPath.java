package io.enseada.registry.maven;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A file or directory path inside a Maven repository, relative to its root, validated so that it
 * can never leave the repository: no {@code .} or {@code ..} segments, no empty segments, no
 * backslashes, no control characters, no percent signs (so nothing decodes twice) and only the
 * characters Maven coordinates use.
 */
public record MavenPath(List<String> segments) {
    public static final MavenPath ROOT = new MavenPath(List.of());
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._~+!@=,-]+");
    private static final int MAX_LENGTH = 1024;
    private static final int MAX_SEGMENT = 255;

    public MavenPath {
        segments = List.copyOf(segments);
    }

    /**
     * Parses a decoded request path; one leading and one trailing slash are ignored.
     *
     * @throws MavenException (400) naming what is wrong with it
     */
    public static MavenPath parse(String text) {
        if (text == null || text.isEmpty() || text.equals("/")) {
            return ROOT;
        }
        if (text.length() > MAX_LENGTH) {
            throw MavenException.invalid("invalid path: longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw MavenException.invalid("invalid path: control character at position " + i);
            }
            if (c == '\\') {
                throw MavenException.invalid("invalid path: backslashes are not allowed");
            }
            if (c == '%') {
                throw MavenException.invalid("invalid path: encoded characters are not allowed");
            }
        }
        String trimmed = text.startsWith("/") ? text.substring(1) : text;
        trimmed = trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
        List<String> segments = new ArrayList<>();
        for (String segment : trimmed.split("/", -1)) {
            if (segment.isEmpty()) {
                throw MavenException.invalid("invalid path: empty segment");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw MavenException.invalid("invalid path: '" + segment + "' segments are not allowed");
            }
            if (segment.length() > MAX_SEGMENT) {
                throw MavenException.invalid("invalid path: segment longer than " + MAX_SEGMENT + " characters");
            }
            if (!SEGMENT.matcher(segment).matches()) {
                throw MavenException.invalid("invalid path: segment '" + segment
                        + "' may only contain letters, digits and . _ ~ + ! @ = , -");
            }
            segments.add(segment);
        }
        return new MavenPath(segments);
    }

    public boolean isRoot() {
        return segments.isEmpty();
    }

    /** The last segment; empty for the root. */
    public String name() {
        return isRoot() ? "" : segments.get(segments.size() - 1);
    }

    public MavenPath parent() {
        if (isRoot()) {
            throw new IllegalStateException("the root has no parent");
        }
        return new MavenPath(segments.subList(0, segments.size() - 1));
    }

    public MavenPath child(String name) {
        List<String> child = new ArrayList<>(segments);
        child.add(name);
        return new MavenPath(child);
    }

    public int depth() {
        return segments.size();
    }

    /** The first {@code count} segments. */
    public MavenPath prefix(int count) {
        return new MavenPath(segments.subList(0, count));
    }

    /** The path without a checksum suffix ({@code x.jar.sha1} → {@code x.jar}). */
    public MavenPath withName(String name) {
        return parent().child(name);
    }

    @Override
    public String toString() {
        return String.join("/", segments);
    }
}
