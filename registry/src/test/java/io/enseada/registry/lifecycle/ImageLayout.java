package io.enseada.registry.lifecycle;

import io.enseada.registry.oci.OciPush;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/** An OCI image layout on disk, as {@code skopeo}'s {@code oci:} transport reads it: one image of the given layers. */
public final class ImageLayout {
    private ImageLayout() {}

    /** What was written: the manifest's digest, the config's and its size. */
    public record Image(String manifest, String config, long configSize) {}

    public static Image write(Path dir, String tag, List<byte[]> layers) throws IOException {
        Files.createDirectories(dir.resolve("blobs/sha256"));
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        StringBuilder descriptors = new StringBuilder();
        for (byte[] layer : layers) {
            if (!descriptors.isEmpty()) {
                descriptors.append(',');
            }
            descriptors
                    .append("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"")
                    .append(blob(dir, layer))
                    .append("\",\"size\":")
                    .append(layer.length)
                    .append('}');
        }
        byte[] config =
                ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]},"
                                + "\"config\":{\"Labels\":{\"tag\":\"" + tag + "-" + dir.getFileName() + "\"}}}")
                        .getBytes(StandardCharsets.UTF_8);
        String configDigest = blob(dir, config);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                        + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                        + configDigest + "\",\"size\":" + config.length + "},\"layers\":[" + descriptors + "]}")
                .getBytes(StandardCharsets.UTF_8);
        String manifestDigest = blob(dir, manifest);
        Files.writeString(
                dir.resolve("index.json"),
                "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                        + "\"digest\":\"" + manifestDigest + "\",\"size\":" + manifest.length
                        + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + tag + "\"}}]}");
        return new Image(manifestDigest, configDigest, config.length);
    }

    /** gzip of random bytes: as large as the bytes, as a compressed layer is. */
    public static byte[] randomLayer(int size, long seed) throws IOException {
        byte[] random = new byte[size];
        new Random(seed).nextBytes(random);
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + 1024);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(random);
        }
        return out.toByteArray();
    }

    private static String blob(Path dir, byte[] content) throws IOException {
        String digest = OciPush.digest(content);
        Files.write(dir.resolve("blobs/sha256/" + digest.substring(7)), content);
        return digest;
    }
}
