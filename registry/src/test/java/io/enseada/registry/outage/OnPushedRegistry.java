package io.enseada.registry.outage;

import io.enseada.registry.testing.ProductionBackends;
import io.enseada.shared.testing.HttpSession;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Each test gets a fresh {@link PushedRegistry}: backends up, sample content pushed. */
abstract class OnPushedRegistry {
    @TempDir
    Path dir;

    private PushedRegistry registry;
    ProductionBackends backends;
    HttpSession wire;
    SampleContent content;

    @BeforeEach
    void startRegistry() throws Exception {
        registry = PushedRegistry.start(dir);
        backends = registry.backends();
        wire = registry.wire();
        content = registry.content();
    }

    @AfterEach
    void stopRegistry() throws Exception {
        registry.close();
    }
}
