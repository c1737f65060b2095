package io.enseada.registry.outage;

import io.enseada.registry.testing.ProductionBackends;
import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.testing.HttpSession;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/** A registry on the production backends with {@link SampleContent} pushed, and the admin's client. */
record PushedRegistry(ProductionBackends backends, HttpSession wire, SampleContent content) implements AutoCloseable {

    static PushedRegistry start(Path dir) throws Exception {
        return start(dir, endpoint -> endpoint);
    }

    /** @param s3Route where the registry reaches S3, given S3Proxy's endpoint */
    static PushedRegistry start(Path dir, UnaryOperator<URI> s3Route) throws Exception {
        ProductionBackends backends = ProductionBackends.start(dir, new TransientNio2BlobStore(), Map.of(), s3Route);
        try {
            HttpSession wire = new HttpSession(backends.registry().url())
                    .basic("admin", TestRegistry.ADMIN_PASSWORD)
                    .overHttp11()
                    .withTimeout(Duration.ofSeconds(60));
            return new PushedRegistry(backends, wire, SampleContent.push(wire));
        } catch (Exception | Error e) {
            backends.close();
            throw e;
        }
    }

    @Override
    public void close() throws Exception {
        backends.close();
    }
}
