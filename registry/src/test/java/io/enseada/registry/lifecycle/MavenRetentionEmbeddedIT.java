package io.enseada.registry.lifecycle;

import io.enseada.registry.storage.Digest;
import io.enseada.registry.storage.StorageLayout;
import io.enseada.registry.testing.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** {@link MavenRetentionContract} on the embedded defaults: blobs on the filesystem, metadata in the embedded store. */
class MavenRetentionEmbeddedIT extends MavenRetentionContract {
    @TempDir
    static Path data;

    static TestRegistry registry;

    @BeforeAll
    static void start() throws Exception {
        registry = TestRegistry.start(data.resolve("registry"), settings(data));
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Override
    TestRegistry registry() {
        return registry;
    }

    @Override
    boolean stored(String digest) {
        return Files.exists(
                data.resolve("registry").resolve("blobs").resolve(StorageLayout.blob(Digest.parse(digest))));
    }
}
