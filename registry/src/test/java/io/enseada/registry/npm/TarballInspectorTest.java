package io.enseada.registry.npm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class TarballInspectorTest {
    private static final String PACKAGE_JSON = "{\"name\":\"x\",\"version\":\"1.0.0\"}";

    @Test
    void findsPackageJsonWhateverTheChunking() {
        byte[] tarball = TestPackages.tarball(PACKAGE_JSON, new byte[70_000]);
        for (int chunk : new int[] {1, 7, 512, 4096, tarball.length}) {
            TarballInspector inspector = feed(tarball, chunk);
            assertThat(inspector.problem()).as("chunk %d", chunk).isNull();
            assertThat(new String(inspector.packageJson(), StandardCharsets.UTF_8))
                    .isEqualTo(PACKAGE_JSON);
        }
    }

    @Test
    void readsGzipHeadersWithAFileName() {
        byte[] plain = TestPackages.tarball(PACKAGE_JSON);
        // Re-wrap the same deflate stream under a header that carries FNAME, as gzip(1) writes it.
        byte[] tar = gunzip(plain);
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(tar);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 8, 0, 0, 0, 0, 0, 3});
        out.writeBytes("package.tar\0".getBytes(StandardCharsets.US_ASCII));
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        TarballInspector inspector = feed(out.toByteArray(), 3);
        assertThat(inspector.problem()).isNull();
        assertThat(inspector.packageJson()).isNotNull();
    }

    @Test
    void saysWhatIsWrongWithBrokenArchives() {
        assertThat(feed("not gzip at all".getBytes(StandardCharsets.UTF_8), 4).problem())
                .contains("not gzip");
        byte[] tarball = TestPackages.tarball(PACKAGE_JSON);
        byte[] corrupt = Arrays.copyOf(tarball, tarball.length);
        Arrays.fill(corrupt, 10, corrupt.length - 8, (byte) 0x55);
        assertThat(feed(corrupt, 100).problem()).isNotNull();
        assertThat(feed(Arrays.copyOf(tarball, 12), 100).problem()).contains("no package/package.json");
    }

    @Test
    void refusesAnArchiveThatUnpacksPastItsCapBeforeTheRestIsFed() {
        byte[] bomb = TestPackages.bomb(PACKAGE_JSON, 10 << 20, false);
        TarballInspector inspector = new TarballInspector(4 << 20, 4 << 20);
        int fed = 0;
        NpmException refused = null;
        try {
            for (; fed < bomb.length; fed += 512) {
                inspector.write(bomb, fed, Math.min(512, bomb.length - fed));
            }
        } catch (NpmException e) {
            refused = e;
        } finally {
            inspector.close();
        }
        assertThat(refused).isNotNull();
        assertThat(NpmErrors.statusOf(refused)).isEqualTo(413);
        assertThat(refused.getMessage())
                .isEqualTo(
                        "the tarball unpacks to more than 4194304 bytes, the most this registry accepts for a package");
        assertThat(fed).as("compressed bytes fed before the refusal").isLessThan(bomb.length * 3 / 4);
    }

    @Test
    void refusesAnArchiveWhosePackageJsonIsPastTheFirstBytes() {
        byte[] bomb = TestPackages.bomb(PACKAGE_JSON, 10 << 20, true);
        TarballInspector inspector = new TarballInspector(1L << 30, 4 << 20);
        try {
            assertThatThrownBy(() -> inspector.write(bomb, 0, bomb.length))
                    .isInstanceOfSatisfying(
                            NpmException.class,
                            e -> assertThat(NpmErrors.statusOf(e)).isEqualTo(400))
                    .hasMessage(
                            "the tarball has no package/package.json in its first 4194304 unpacked bytes; npm pack puts it first");
        } finally {
            inspector.close();
        }
    }

    @Test
    void measuresTheWholeArchiveUnderItsCaps() {
        byte[] tarball = TestPackages.bomb(PACKAGE_JSON, 3 << 20, true);
        TarballInspector inspector = new TarballInspector(4 << 20, 4 << 20);
        inspector.write(tarball, 0, tarball.length);
        inspector.close();
        assertThat(inspector.problem()).isNull();
        assertThat(new String(inspector.packageJson(), StandardCharsets.UTF_8)).isEqualTo(PACKAGE_JSON);
    }

    private static TarballInspector feed(byte[] bytes, int chunk) {
        TarballInspector inspector = new TarballInspector();
        for (int i = 0; i < bytes.length; i += chunk) {
            inspector.write(bytes, i, Math.min(chunk, bytes.length - i));
        }
        inspector.close();
        return inspector;
    }

    private static byte[] gunzip(byte[] gz) {
        try (java.util.zip.GZIPInputStream in =
                new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
