package io.enseada.registry.oci;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Builds OCI image layouts on disk for the CLI tests: the format {@code skopeo}'s {@code oci:} transport reads and writes. */
final class OciLayouts {
    private OciLayouts() {}

    /**
     * A layout whose {@code tag} is an image index of two images (linux/amd64, linux/arm64) with
     * two gzip layers each. Returns the index's digest.
     */
    static String multiArch(Path dir, String tag) throws IOException {
        Files.createDirectories(dir.resolve("blobs/sha256"));
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        StringBuilder children = new StringBuilder();
        for (String arch : new String[] {"amd64", "arm64"}) {
            String layer1 = write(dir, gzip(("first layer for " + arch + "\n").repeat(200)));
            String layer2 = write(dir, gzip(("second layer for " + arch + "\n").repeat(300)));
            byte[] config = ("{\"architecture\":\"" + arch
                            + "\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]},\"config\":{}}")
                    .getBytes(StandardCharsets.UTF_8);
            String configDigest = write(dir, config);
            byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                            + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                            + configDigest + "\",\"size\":" + config.length + "},"
                            + "\"layers\":[" + layer(dir, layer1) + "," + layer(dir, layer2) + "]}")
                    .getBytes(StandardCharsets.UTF_8);
            String manifestDigest = write(dir, manifest);
            if (!children.isEmpty()) {
                children.append(',');
            }
            children.append("{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"")
                    .append(manifestDigest)
                    .append("\",\"size\":")
                    .append(manifest.length)
                    .append(",\"platform\":{\"architecture\":\"")
                    .append(arch)
                    .append("\",\"os\":\"linux\"}}");
        }
        byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                        + children + "]}")
                .getBytes(StandardCharsets.UTF_8);
        String indexDigest = write(dir, index);
        Files.writeString(
                dir.resolve("index.json"),
                "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
                        + "\"digest\":\"" + indexDigest + "\",\"size\":" + index.length
                        + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + tag + "\"}}]}");
        return indexDigest;
    }

    private static String layer(Path dir, String digest) throws IOException {
        long size = Files.size(dir.resolve("blobs/sha256/" + digest.substring(7)));
        return "{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + digest + "\",\"size\":"
                + size + "}";
    }

    private static String write(Path dir, byte[] content) throws IOException {
        String digest = OciPush.digest(content);
        Files.write(dir.resolve("blobs/sha256/" + digest.substring(7)), content);
        return digest;
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
