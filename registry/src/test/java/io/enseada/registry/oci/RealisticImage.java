package io.enseada.registry.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.storage.GeneratedInputStream;
import io.enseada.registry.testing.Folders;
import io.enseada.shared.json.Json;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * An OCI image of the size real ones have, as an OCI layout on disk: fifteen layers, of which one
 * is a 50 MiB gzip layer of random (incompressible) bytes and one a 50 MiB uncompressed tar layer
 * of text (very compressible, so a server that compresses blobs on the wire shows it), the others
 * from just over 1.5 KB to a few MiB. The bytes are the same on every run, so the layout is built
 * once under {@code target/test-content} and reused by every test class.
 */
record RealisticImage(
        Path layout,
        String tag,
        String manifestDigest,
        String configDigest,
        List<Descriptor> layers,
        List<String> diffIds) {
    private static final ObjectMapper JSON = Json.newMapper();

    static final String TAG = "1.0";
    static final long BIG = 50L * 1024 * 1024;
    static final String GZIP_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
    static final String TAR_LAYER = "application/vnd.oci.image.layer.v1.tar";
    static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String CONFIG = "application/vnd.oci.image.config.v1+json";
    private static final Path CACHE =
            Path.of("target", "test-content", "realistic-image-v1").toAbsolutePath();
    private static final Date EPOCH =
            new Date(1_767_225_600_000L); // 2026-01-01: a fixed mtime keeps the tars reproducible

    /** What a layer holds: one file of {@code size} bytes, random or text, in a gzip or a plain tar. */
    private record Content(long size, boolean random, boolean gzip) {}

    private static final List<Content> CONTENTS = List.of(
            new Content(1_600, true, true),
            new Content(4 * 1024, true, true),
            new Content(16 * 1024, false, true),
            new Content(64 * 1024, true, true),
            new Content(200 * 1024, false, true),
            new Content(512 * 1024, true, true),
            new Content(1024 * 1024, false, true),
            new Content(1536 * 1024, true, true),
            new Content(2 * 1024 * 1024, true, true),
            new Content(3 * 1024 * 1024, false, true),
            new Content(300 * 1024, true, true),
            new Content(8 * 1024, true, true),
            new Content(700 * 1024, false, true),
            new Content(BIG, false, false),
            new Content(BIG, true, true));

    record Descriptor(String mediaType, String digest, long size) {}

    /** The image, built on first use. */
    static synchronized RealisticImage get() {
        try {
            if (!Files.isRegularFile(CACHE.resolve("index.json"))) {
                build();
            }
            return read(CACHE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file of a blob in the layout. */
    Path blob(String digest) {
        return layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
    }

    /** Every blob of the image: config and layers. */
    List<String> blobs() {
        List<String> all = new ArrayList<>();
        all.add(configDigest);
        layers.forEach(layer -> all.add(layer.digest()));
        return all;
    }

    /** The layout as an {@code oci:} reference for skopeo and podman. */
    String ociReference() {
        return "oci:" + layout + ":" + tag;
    }

    private static void build() throws IOException {
        Files.createDirectories(CACHE.getParent());
        Path scratch = Files.createTempDirectory(CACHE.getParent(), "building-");
        Path blobs = Files.createDirectories(scratch.resolve("blobs/sha256"));
        ArrayNode layers = JSON.createArrayNode();
        ArrayNode diffIds = JSON.createArrayNode();
        ArrayNode history = JSON.createArrayNode();
        for (int i = 0; i < CONTENTS.size(); i++) {
            Content content = CONTENTS.get(i);
            LayerDigests digests = writeLayer(blobs, i + 1, content);
            layers.addObject()
                    .put("mediaType", content.gzip() ? GZIP_LAYER : TAR_LAYER)
                    .put("digest", digests.blob())
                    .put("size", digests.size());
            diffIds.add(digests.diffId());
            history.addObject().put("created", "2026-01-01T00:00:00Z").put("created_by", "layer " + (i + 1));
        }
        ObjectNode config = JSON.createObjectNode()
                .put("created", "2026-01-01T00:00:00Z")
                .put("architecture", "amd64")
                .put("os", "linux");
        config.putObject("config").putArray("Cmd").add("/bin/sh");
        ObjectNode rootfs = config.putObject("rootfs").put("type", "layers");
        rootfs.set("diff_ids", diffIds);
        config.set("history", history);
        byte[] configBytes = JSON.writeValueAsBytes(config);
        String configDigest = writeBlob(blobs, configBytes);

        ObjectNode manifest = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", MANIFEST);
        manifest.putObject("config")
                .put("mediaType", CONFIG)
                .put("digest", configDigest)
                .put("size", configBytes.length);
        manifest.set("layers", layers);
        byte[] manifestBytes = JSON.writeValueAsBytes(manifest);
        String manifestDigest = writeBlob(blobs, manifestBytes);

        Files.writeString(scratch.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        ObjectNode index = JSON.createObjectNode().put("schemaVersion", 2);
        index.putArray("manifests")
                .addObject()
                .put("mediaType", MANIFEST)
                .put("digest", manifestDigest)
                .put("size", manifestBytes.length)
                .putObject("annotations")
                .put("org.opencontainers.image.ref.name", TAG);
        // index.json last: its presence marks a complete layout.
        Files.write(scratch.resolve("index.json"), JSON.writeValueAsBytes(index));
        try {
            Files.move(scratch, CACHE, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException | DirectoryNotEmptyException raced) {
            Folders.delete(scratch);
        }
    }

    private record LayerDigests(String blob, long size, String diffId) {}

    private static LayerDigests writeLayer(Path blobs, int number, Content content) throws IOException {
        Path file = Files.createTempFile(blobs, "layer", ".tmp");
        MessageDigest blobDigest = sha256();
        MessageDigest tarDigest = sha256();
        try (OutputStream fileOut = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
                DigestOutputStream blobOut = new DigestOutputStream(fileOut, blobDigest)) {
            OutputStream compressed = content.gzip() ? new FastGzip(blobOut) : blobOut;
            try (TarArchiveOutputStream tar =
                    new TarArchiveOutputStream(new DigestOutputStream(compressed, tarDigest))) {
                String dir = String.format("opt/layer%02d/", number);
                TarArchiveEntry directory = new TarArchiveEntry(dir);
                directory.setModTime(EPOCH);
                tar.putArchiveEntry(directory);
                tar.closeArchiveEntry();
                TarArchiveEntry entry = new TarArchiveEntry(dir + (content.random() ? "data.bin" : "data.txt"));
                entry.setSize(content.size());
                entry.setModTime(EPOCH);
                entry.setMode(0100644);
                tar.putArchiveEntry(entry);
                try (InputStream bytes = content.random()
                        ? new GeneratedInputStream(number, content.size())
                        : new TextStream(number, content.size())) {
                    bytes.transferTo(tar);
                }
                tar.closeArchiveEntry();
                tar.finish();
            }
        }
        String digest = "sha256:" + HexFormat.of().formatHex(blobDigest.digest());
        long size = Files.size(file);
        Files.move(file, blobs.resolve(digest.substring(7)), StandardCopyOption.REPLACE_EXISTING);
        return new LayerDigests(digest, size, "sha256:" + HexFormat.of().formatHex(tarDigest.digest()));
    }

    private static String writeBlob(Path blobs, byte[] bytes) throws IOException {
        String digest = OciPush.digest(bytes);
        Files.write(blobs.resolve(digest.substring(7)), bytes);
        return digest;
    }

    private static RealisticImage read(Path layout) throws IOException {
        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        String manifestDigest = index.at("/manifests/0/digest").asText();
        JsonNode manifest = JSON.readTree(layout.resolve("blobs/sha256")
                .resolve(manifestDigest.substring(7))
                .toFile());
        String configDigest = manifest.at("/config/digest").asText();
        JsonNode config = JSON.readTree(layout.resolve("blobs/sha256")
                .resolve(configDigest.substring(7))
                .toFile());
        List<Descriptor> layers = new ArrayList<>();
        manifest.path("layers")
                .forEach(layer -> layers.add(new Descriptor(
                        layer.path("mediaType").asText(),
                        layer.path("digest").asText(),
                        layer.path("size").asLong())));
        List<String> diffIds = new ArrayList<>();
        config.at("/rootfs/diff_ids").forEach(id -> diffIds.add(id.asText()));
        return new RealisticImage(
                layout,
                index.at("/manifests/0/annotations/org.opencontainers.image.ref.name")
                        .asText(),
                manifestDigest,
                configDigest,
                List.copyOf(layers),
                List.copyOf(diffIds));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** gzip at the fastest level: the random layer does not shrink anyway, and building it stays quick. */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }

    /** Numbered lines of log-like text, {@code size} bytes in all: compresses about tenfold, as text files in images do. */
    private static final class TextStream extends InputStream {
        private static final byte[] TEMPLATE =
                "000000000000 level=info layer=00 GET /index.html 200 in 0000 ms\n".getBytes(StandardCharsets.US_ASCII);
        private final byte[] line = TEMPLATE.clone();
        private final long size;
        private long position;

        TextStream(int layer, long size) {
            this.size = size;
            digits(layer, 30, 2);
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) {
            if (position == size) {
                return -1;
            }
            int inLine = (int) (position % line.length);
            if (inLine == 0) {
                long number = position / line.length;
                digits(number, 0, 12);
                digits(number * 7919 % 10_000, 56, 4);
            }
            int n = (int) Math.min(Math.min(length, line.length - inLine), size - position);
            System.arraycopy(line, inLine, bytes, offset, n);
            position += n;
            return n;
        }

        private void digits(long value, int at, int width) {
            for (int i = at + width - 1; i >= at; i--, value /= 10) {
                line[i] = (byte) ('0' + value % 10);
            }
        }
    }
}
