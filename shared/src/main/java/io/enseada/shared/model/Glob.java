package io.enseada.shared.model;

import java.util.regex.Pattern;

/**
 * A compiled glob of a {@link PolicyRule}, matched the same way by the registry (authorization,
 * token scopes) and the operator (which npm repositories an AccessPolicy's .npmrc lists).
 *
 * <p>There are two kinds, as a rule has two kinds of globs:
 * <ul>
 *   <li>{@link #name} for repository names: {@code *} (and {@code **}) matches any run of
 *   characters, including none. Repository names are DNS labels ({@link RepositoryName}), with no
 *   {@code /}, so on a name this is "{@code *} matches within a name" as the README and the
 *   AccessPolicy resource say. That it also matches {@code /} and {@code *} matters only to glob
 *   texts, not names: token scopes are checked by matching a held glob against a wanted glob's
 *   text.</li>
 *   <li>{@link #path} for paths inside a repository: {@code *} matches any run of characters
 *   within one {@code /}-separated segment, {@code **} any run across segments.</li>
 * </ul>
 * Every other character, regular-expression metacharacters included, stands for itself.
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
