package io.enseada.registry.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.storage.GeneratedInputStream;
import io.enseada.shared.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * OCI image layouts on disk, as {@code skopeo}'s {@code oci:} transport reads them, whose layers are
 * real gzip tars of random bytes (so podman can unpack them) and whose configs carry the layers'
 * diff_ids: an image, or a multi-arch index of two.
 *
 * @param digest the digest of what the tag names: the manifest, or the index
 * @param children the index's manifests (amd64 first), empty for an image
 */
record ImageLayout(Path dir, String tag, String digest, List<String> children) {
    private static final ObjectMapper JSON = Json.newMapper();
    private static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String INDEX = "application/vnd.oci.image.index.v1+json";
    private static final Date EPOCH = new Date(1_767_225_600_000L);

    /** What skopeo copies from. */
    String reference() {
        return "oci:" + dir + ":" + tag;
    }

    /** The digest of every blob in the layout, manifests included. */
    TreeSet<String> blobs() throws IOException {
        TreeSet<String> digests = new TreeSet<>();
        try (var files = Files.list(dir.resolve("blobs/sha256"))) {
            files.forEach(file -> digests.add("sha256:" + file.getFileName()));
        }
        return digests;
    }

    byte[] blob(String digest) throws IOException {
        return Files.readAllBytes(dir.resolve("blobs/sha256/" + digest.substring(7)));
    }

    /** One linux/amd64 image of layers of {@code sizes} bytes, random from {@code seed}. */
    static ImageLayout image(Path dir, String tag, long seed, int... sizes) throws IOException {
        Descriptor manifest = manifest(dir, "amd64", seed, sizes);
        return finish(dir, tag, manifest, List.of());
    }

    /** An index of a linux/amd64 and a linux/arm64 image, each of layers of {@code sizes} bytes. */
    static ImageLayout multiArch(Path dir, String tag, long seed, int... sizes) throws IOException {
        List<Descriptor> children =
                List.of(manifest(dir, "amd64", seed, sizes), manifest(dir, "arm64", seed + 1000, sizes));
        ObjectNode index = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", INDEX);
        ArrayNode manifests = index.putArray("manifests");
        for (Descriptor child : children) {
            ObjectNode entry = manifests
                    .addObject()
                    .put("mediaType", MANIFEST)
                    .put("digest", child.digest())
                    .put("size", child.size());
            entry.putObject("platform").put("architecture", child.arch()).put("os", "linux");
        }
        byte[] bytes = JSON.writeValueAsBytes(index);
        Descriptor top = new Descriptor(INDEX, write(dir, bytes), bytes.length, null);
        return finish(dir, tag, top, children.stream().map(Descriptor::digest).toList());
    }

    private record Descriptor(String mediaType, String digest, long size, String arch) {}

    private static ImageLayout finish(Path dir, String tag, Descriptor top, List<String> children) throws IOException {
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        ObjectNode index = JSON.createObjectNode().put("schemaVersion", 2);
        index.putArray("manifests")
                .addObject()
                .put("mediaType", top.mediaType())
                .put("digest", top.digest())
                .put("size", top.size())
                .putObject("annotations")
                .put("org.opencontainers.image.ref.name", tag);
        Files.write(dir.resolve("index.json"), JSON.writeValueAsBytes(index));
        return new ImageLayout(dir, tag, top.digest(), children);
    }

    private static Descriptor manifest(Path dir, String arch, long seed, int... sizes) throws IOException {
        Files.createDirectories(dir.resolve("blobs/sha256"));
        ArrayNode layers = JSON.createArrayNode();
        List<String> diffIds = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            MessageDigest tarDigest = sha256();
            ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
            try (TarArchiveOutputStream tar =
                    new TarArchiveOutputStream(new DigestOutputStream(new GZIPOutputStream(gzipped), tarDigest))) {
                TarArchiveEntry entry = new TarArchiveEntry("opt/" + arch + "/layer" + i + ".bin");
                entry.setSize(sizes[i]);
                entry.setModTime(EPOCH);
                entry.setMode(0100644);
                tar.putArchiveEntry(entry);
                try (InputStream bytes = new GeneratedInputStream(seed * 100 + i, sizes[i])) {
                    bytes.transferTo(tar);
                }
                tar.closeArchiveEntry();
                tar.finish();
            }
            byte[] layer = gzipped.toByteArray();
            layers.addObject()
                    .put("mediaType", "application/vnd.oci.image.layer.v1.tar+gzip")
                    .put("digest", write(dir, layer))
                    .put("size", layer.length);
            diffIds.add("sha256:" + HexFormat.of().formatHex(tarDigest.digest()));
        }
        ObjectNode config = JSON.createObjectNode().put("architecture", arch).put("os", "linux");
        config.putObject("config").putArray("Cmd").add("/bin/true");
        ObjectNode rootfs = config.putObject("rootfs").put("type", "layers");
        diffIds.forEach(rootfs.putArray("diff_ids")::add);
        byte[] configBytes = JSON.writeValueAsBytes(config);
        ObjectNode manifest = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", MANIFEST);
        manifest.putObject("config")
                .put("mediaType", "application/vnd.oci.image.config.v1+json")
                .put("digest", write(dir, configBytes))
                .put("size", configBytes.length);
        manifest.set("layers", layers);
        byte[] bytes = JSON.writeValueAsBytes(manifest);
        return new Descriptor(MANIFEST, write(dir, bytes), bytes.length, arch);
    }

    private static String write(Path dir, byte[] content) throws IOException {
        String digest = "sha256:" + HexFormat.of().formatHex(sha256().digest(content));
        Files.write(dir.resolve("blobs/sha256/" + digest.substring(7)), content);
        return digest;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
