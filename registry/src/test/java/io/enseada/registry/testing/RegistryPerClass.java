package io.enseada.registry.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One registry on its embedded defaults shared by all tests of a class, for the tests whose clients
 * are slow to run: {@code @RegisterExtension static final RegistryPerClass REGISTRY = new RegistryPerClass();}.
 * Its data lives in a folder of its own, removed after the class.
 */
public final class RegistryPerClass implements BeforeAllCallback, AfterAllCallback {
    private Path dataDir;
    private TestRegistry registry;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dataDir = Files.createTempDirectory("enseada-registry-");
        registry = TestRegistry.start(dataDir, Map.of());
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        registry.close();
        Folders.delete(dataDir);
    }

    public TestRegistry registry() {
        return registry;
    }
}
