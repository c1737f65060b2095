package io.enseada.registry.npm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.shared.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/** Builds npm tarballs and publish bodies the way the CLI does, for tests that speak HTTP directly. */
public final class TestPackages {
    static final ObjectMapper JSON = Json.newMapper();

    private TestPackages() {}

    /** A gzip-compressed ustar archive with {@code package/package.json} and {@code package/index.js}. */
    static byte[] tarball(String packageJson) {
        return tarball(packageJson, null);
    }

    /** With {@code extra} as {@code package/data.bin}, placed before package.json. */
    public static byte[] tarball(String packageJson, byte[] extra) {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        if (extra != null) {
            entry(tar, "package/data.bin", extra);
        }
        entry(tar, "package/package.json", packageJson.getBytes(StandardCharsets.UTF_8));
        entry(tar, "package/index.js", "module.exports = 42;\n".getBytes(StandardCharsets.UTF_8));
        tar.writeBytes(new byte[1024]);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(tar.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return gz.toByteArray();
    }

    /**
     * A compression bomb: a tarball with {@code package/package.json} and {@code zeros} zero bytes
     * in {@code package/zeros.bin}, before or after it; streamed through the compressor, so a
     * gigabyte costs the test no memory and a compressed megabyte or so.
     */
    static byte[] bomb(String packageJson, long zeros, boolean zerosFirst) {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz, 64 * 1024) {
            {
                def.setLevel(java.util.zip.Deflater.BEST_SPEED);
            }
        }) {
            ByteArrayOutputStream small = new ByteArrayOutputStream();
            if (!zerosFirst) {
                entry(small, "package/package.json", packageJson.getBytes(StandardCharsets.UTF_8));
            }
            out.write(small.toByteArray());
            out.write(header("package/zeros.bin", zeros));
            byte[] block = new byte[1 << 20];
            for (long left = zeros; left > 0; left -= block.length) {
                out.write(block, 0, (int) Math.min(block.length, left));
            }
            out.write(new byte[(int) ((512 - zeros % 512) % 512)]);
            small.reset();
            if (zerosFirst) {
                entry(small, "package/package.json", packageJson.getBytes(StandardCharsets.UTF_8));
            }
            small.writeBytes(new byte[1024]);
            out.write(small.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return gz.toByteArray();
    }

    public static String packageJson(String name, String version) {
        return "{\"name\":\"" + name + "\",\"version\":\"" + version + "\",\"description\":\"test package " + name
                + "\",\"keywords\":[\"enseada\",\"testing\"],\"main\":\"index.js\",\"dependencies\":{\"left-pad\":\"^1.0.0\"},"
                + "\"scripts\":{\"postinstall\":\"node index.js\",\"test\":\"true\"},\"engines\":{\"node\":\">=18\"}}";
    }

    /** The body of {@code npm publish} for {@code name@version}, with the tag {@code latest}. */
    public static ObjectNode publishBody(String name, String version) {
        return publishBody(name, version, tarball(packageJson(name, version)));
    }

    public static ObjectNode publishBody(String name, String version, byte[] tarball) {
        return publishBody(packageJson(name, version), tarball);
    }

    /** The body of {@code npm publish} of a tarball whose package.json is {@code packageJson}. */
    public static ObjectNode publishBody(String packageJson, byte[] tarball) {
        ObjectNode manifest = (ObjectNode) readTree(packageJson);
        String name = manifest.path("name").asText();
        String version = manifest.path("version").asText();
        ObjectNode body = JSON.createObjectNode();
        body.put("_id", name).put("name", name).put("description", "test package " + name);
        body.putObject("dist-tags").put("latest", version);
        manifest.put("_id", name + "@" + version).put("_nodeVersion", "20.0.0").put("_npmVersion", "11.0.0");
        manifest.putObject("dist")
                .put("integrity", "sha512-" + Base64.getEncoder().encodeToString(hash("SHA-512", tarball)))
                .put("shasum", HexFormat.of().formatHex(hash("SHA-1", tarball)))
                .put("tarball", "http://localhost/" + name + "/-/" + name + "-" + version + ".tgz");
        body.putObject("versions").set(version, manifest);
        body.putNull("access");
        body.putObject("_attachments")
                .putObject(name + "-" + version + ".tgz")
                .put("content_type", "application/octet-stream")
                .put("data", Base64.getEncoder().encodeToString(tarball))
                .put("length", tarball.length);
        return body;
    }

    static String escaped(String name) {
        return name.replace("/", "%2f");
    }

    static byte[] hash(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void entry(ByteArrayOutputStream tar, String path, byte[] content) {
        tar.writeBytes(header(path, content.length));
        tar.writeBytes(content);
        tar.writeBytes(new byte[(512 - content.length % 512) % 512]);
    }

    private static byte[] header(String path, long size) {
        byte[] header = new byte[512];
        put(header, 0, path);
        put(header, 100, "0000644");
        put(header, 108, "0000000");
        put(header, 116, "0000000");
        put(header, 124, String.format("%011o", size));
        put(header, 136, String.format("%011o", 0));
        java.util.Arrays.fill(header, 148, 156, (byte) ' ');
        header[156] = '0';
        put(header, 257, "ustar");
        put(header, 263, "00");
        int sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        put(header, 148, String.format("%06o", sum));
        header[154] = 0;
        return header;
    }

    private static void put(byte[] header, int offset, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }
}
