package io.enseada.registry.npm;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * What a path below {@code /npm/<repository>/} names, in both spellings of a scoped name
 * ({@code @scope%2fname} and {@code @scope/name}):
 * {@code <pkg>}, {@code <pkg>/<version-or-tag>}, {@code <pkg>/-rev/<rev>},
 * {@code <pkg>/-/<file>} and {@code <pkg>/-/<file>/-rev/<rev>}.
 */
sealed interface NpmPath {

    NpmPackageName name();

    record Packument(NpmPackageName name) implements NpmPath {}

    record Version(NpmPackageName name, String spec) implements NpmPath {}

    record PackumentRev(NpmPackageName name, String rev) implements NpmPath {}

    record Tarball(NpmPackageName name, String file) implements NpmPath {}

    record TarballRev(NpmPackageName name, String file, String rev) implements NpmPath {}

    /** @throws NpmException (404) when the path is none of these */
    static NpmPath parse(String rest) {
        String path = decode(rest);
        List<String> segments = Arrays.asList(path.split("/", -1));
        int tarball = segments.indexOf("-");
        if (tarball > 0 && tarball + 1 < segments.size()) {
            // Tarball paths are read from the "-" backwards: the CLI's unpublish sends the tarball
            // URL's whole path again, registry prefix included, below the registry URL.
            NpmPackageName name = nameEndingAt(segments, tarball);
            String file = segments.get(tarball + 1);
            List<String> tail = segments.subList(tarball + 2, segments.size());
            if (tail.isEmpty()) {
                return new Tarball(name, file);
            }
            if (tail.size() == 2 && tail.get(0).equals("-rev")) {
                return new TarballRev(name, file, tail.get(1));
            }
            throw notFound(rest);
        }
        int nameLength = path.startsWith("@") ? 2 : 1;
        if (segments.size() < nameLength) {
            throw notFound(rest);
        }
        NpmPackageName name = NpmPackageName.parse(String.join("/", segments.subList(0, nameLength)));
        List<String> tail = segments.subList(nameLength, segments.size());
        if (tail.isEmpty() || tail.equals(List.of(""))) {
            return new Packument(name);
        }
        if (tail.size() == 1) {
            return new Version(name, tail.get(0));
        }
        if (tail.size() == 2 && tail.get(0).equals("-rev")) {
            return new PackumentRev(name, tail.get(1));
        }
        throw notFound(rest);
    }

    /** The package a path concerns, for path-limited access rules; null when it names none. */
    static String packageOf(String rest) {
        try {
            return parse(rest).name().toString();
        } catch (NpmException e) {
            return null;
        }
    }

    private static NpmPackageName nameEndingAt(List<String> segments, int dash) {
        String last = segments.get(dash - 1);
        if (dash >= 2 && segments.get(dash - 2).startsWith("@")) {
            return NpmPackageName.parse(segments.get(dash - 2) + "/" + last);
        }
        return NpmPackageName.parse(last);
    }

    private static String decode(String rest) {
        return rest.indexOf('%') < 0 ? rest : URLDecoder.decode(rest.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static NpmException notFound(String rest) {
        return NpmException.notFound("not found: " + rest);
    }
}
