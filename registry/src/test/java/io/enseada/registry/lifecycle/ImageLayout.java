package io.enseada.registry.lifecycle;

import io.enseada.registry.oci.OciPush;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** An OCI image layout on disk, as {@code skopeo}'s {@code oci:} transport reads it: one image of the given layers. */
final class ImageLayout {
    private ImageLayout() {}

    /** What was written: the manifest's digest, the config's and its size. */
    record Image(String manifest, String config, long configSize) {}

    static Image write(Path dir, String tag, List<byte[]> layers) throws IOException {
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

    private static String blob(Path dir, byte[] content) throws IOException {
        String digest = OciPush.digest(content);
        Files.write(dir.resolve("blobs/sha256/" + digest.substring(7)), content);
        return digest;
    }
}
