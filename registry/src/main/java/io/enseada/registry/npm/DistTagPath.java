package io.enseada.registry.npm;

import java.util.Arrays;
import java.util.List;

/** {@code <pkg>/dist-tags} or {@code <pkg>/dist-tags/<tag>} below {@code /-/package/}. */
record DistTagPath(NpmPackageName name, String tag) {
    static DistTagPath parse(String rest) {
        List<String> segments = Arrays.asList(
                rest.replace("%2f", "/").replace("%2F", "/").replace("%40", "@").split("/"));
        int at = segments.lastIndexOf("dist-tags");
        if (at < 1 || at < segments.size() - 2) {
            throw NpmException.notFound("not found: -/package/" + rest);
        }
        NpmPackageName name = NpmPackageName.parse(String.join("/", segments.subList(0, at)));
        return new DistTagPath(name, at == segments.size() - 1 ? null : segments.get(at + 1));
    }

    static String packageOf(String rest) {
        try {
            return parse(rest).name().toString();
        } catch (NpmException e) {
            return null;
        }
    }
}
