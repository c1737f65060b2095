package io.enseada.shared.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code npm ci --ignore-scripts --prefix test-services} installs at the repository root: the
 * servers and clients the tests start as child processes (pouchdb-server, pnpm, yarn 1, yarn 4).
 * Tests run in a module folder, so the folder is looked up from there towards the root.
 */
public final class TestServices {
    private static final Path NODE_MODULES = Path.of("test-services", "node_modules");

    private TestServices() {}

    /** The installed file at {@code relative} below {@code test-services/node_modules}. */
    public static Path installed(String relative) {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(NODE_MODULES).resolve(relative);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(relative + " not found in test-services/node_modules above " + start
                + "; run `npm ci --ignore-scripts --prefix test-services` at the repository root");
    }
}
