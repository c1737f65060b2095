package io.enseada.registry.npm;

import static io.enseada.registry.npm.TestPackages.publishBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.enseada.registry.testing.BackendSettings;
import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.testing.HttpSession;
import io.enseada.shared.testing.S3ProxyServer;
import java.nio.file.Path;
import java.util.Random;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishing streams into S3 upload sessions (multipart past one part) as it does into files. */
class NpmOnS3Test {
    @TempDir
    Path dataDir;

    @Test
    void publishesThroughS3UploadSessions() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start(new TransientNio2BlobStore());
                TestRegistry registry = TestRegistry.start(dataDir, BackendSettings.s3(s3.endpoint()))) {
            HttpSession admin = registry.admin();
            byte[] noise = new byte[7 * 1024 * 1024];
            new Random(7).nextBytes(noise);
            byte[] big = TestPackages.tarball(TestPackages.packageJson("s3-big", "1.0.0"), noise);
            assertThat(admin.put("/npm/npm/s3-big", publishBody("s3-big", "1.0.0", big))
                            .status())
                    .isEqualTo(201);
            assertThat(admin.put("/npm/npm/s3-small", publishBody("s3-small", "1.0.0"))
                            .status())
                    .isEqualTo(201);

            HttpSession.Response read = admin.get("/npm/npm/s3-big/-/s3-big-1.0.0.tgz");
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.bytes()).isEqualTo(big);
            assertThat(admin.get("/npm/npm/s3-small/-/s3-small-1.0.0.tgz").status())
                    .isEqualTo(200);

            var tampered = publishBody("s3-tampered", "1.0.0");
            ((com.fasterxml.jackson.databind.node.ObjectNode)
                            tampered.path("versions").path("1.0.0").path("dist"))
                    .put("shasum", "0".repeat(40));
            assertThat(admin.put("/npm/npm/s3-tampered", tampered).status()).isEqualTo(400);
        }
    }
}
