package io.enseada.registry.access;

import java.util.regex.Pattern;

/**
 * A compiled name glob. For repository names {@code *} matches anything; for paths inside a
 * repository {@code *} stays within one {@code /}-separated segment and {@code **} crosses them.
 */
public final class Glob {
    private final Pattern pattern;

    private Glob(Pattern pattern) {
        this.pattern = pattern;
    }

    public static Glob name(String glob) {
        return new Glob(compile(glob, ".*", ".*"));
    }

    public static Glob path(String glob) {
        return new Glob(compile(glob, "[^/]*", ".*"));
    }

    public boolean matches(String text) {
        return text != null && pattern.matcher(text).matches();
    }

    private static Pattern compile(String glob, String star, String doubleStar) {
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            if (c == '*') {
                boolean twice = i + 1 < glob.length() && glob.charAt(i + 1) == '*';
                regex.append(twice ? doubleStar : star);
                i += twice ? 2 : 1;
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
                i++;
            }
        }
        return Pattern.compile(regex.toString());
    }
}
