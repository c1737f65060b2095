package io.enseada.registry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The fenced snippets of the repository's README.md, pointed at a test registry, so that tests run
 * exactly what users are told to paste and the two cannot drift apart.
 *
 * <p>The README writes the production registry as {@code https://registry.example.com}, the quick
 * start as {@code localhost:9623}, passwords as {@code PASSWORD} and tokens as
 * {@code ens_xxxxxxxxxxxxxxxx_yyyy…}; {@link #pointedAt} replaces them.
 */
public final class Readme {
    /** A fenced block, possibly indented (inside a list item): indentation, language, content. */
    private static final Pattern FENCE = Pattern.compile("(?ms)^([ \\t]*)```(\\w*)\\n(.*?)^\\1```[ \\t]*$");

    private static final Pattern TOKEN = Pattern.compile("ens_x{16}_y{43}");

    private Readme() {}

    /** The one fenced block in {@code language} that contains {@code marker}; fails when there is none or several. */
    public static String block(String language, String marker) {
        List<String> blocks = FENCE.matcher(text())
                .results()
                .filter(match ->
                        match.group(2).equals(language) && match.group(3).contains(marker))
                .map(match -> match.group(3)
                        .lines()
                        .map(line -> line.startsWith(match.group(1))
                                ? line.substring(match.group(1).length())
                                : line)
                        .collect(Collectors.joining("\n", "", "\n")))
                .toList();
        if (blocks.size() != 1) {
            throw new AssertionError("README.md has " + blocks.size() + " ```" + language + " blocks containing '"
                    + marker + "', not one");
        }
        return blocks.get(0);
    }

    /**
     * {@code snippet} with every registry address replaced by the test registry on 127.0.0.1:{@code port}
     * (plain HTTP), the password by {@code password} and the token by {@code token}.
     */
    public static String pointedAt(String snippet, int port, String password, String token) {
        String local = "127.0.0.1:" + port;
        String text = snippet.replace("https://registry.example.com", "http://" + local)
                .replace("//registry.example.com", "//" + local)
                .replace("registry.example.com", "127.0.0.1")
                .replace("localhost:9623", local)
                .replace("PASSWORD", password);
        return TOKEN.matcher(text).replaceAll(Matcher.quoteReplacement(token));
    }

    private static String text() {
        try {
            return Files.readString(Path.of("..", "README.md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
