package io.enseada.registry.proxy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** A Maven 2 layout on disk, as a mirror of Maven Central holds it: jars, poms, their .sha1 files, metadata. */
final class MavenLayout {
    private final Path root;

    MavenLayout(Path root) {
        this.root = root;
    }

    /**
     * Writes {@code groupId:artifactId:version} with a jar of about {@code size} bytes of
     * incompressible content, a pom, their .sha1 files and the artifact's maven-metadata.xml.
     */
    byte[] artifact(String groupId, String artifactId, String version, int size, List<String> versions)
            throws IOException {
        Path dir = versionDir(groupId, artifactId, version);
        byte[] jar = jar(artifactId + ":" + version, size);
        file(dir.resolve(artifactId + "-" + version + ".jar"), jar);
        file(dir.resolve(artifactId + "-" + version + ".pom"), pom(groupId, artifactId, version));
        metadata(groupId, artifactId, versions);
        return jar;
    }

    void metadata(String groupId, String artifactId, List<String> versions) throws IOException {
        StringBuilder listed = new StringBuilder();
        versions.forEach(v -> listed.append("      <version>").append(v).append("</version>\n"));
        String latest = versions.get(versions.size() - 1);
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <metadata>
                  <groupId>%s</groupId>
                  <artifactId>%s</artifactId>
                  <versioning>
                    <latest>%s</latest>
                    <release>%s</release>
                    <versions>
                %s    </versions>
                    <lastUpdated>20261201120000</lastUpdated>
                  </versioning>
                </metadata>
                """.formatted(groupId, artifactId, latest, latest, listed);
        file(artifactDir(groupId, artifactId).resolve("maven-metadata.xml"), xml.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a file and its .sha1, as a repository manager's export does. */
    void file(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        Files.writeString(file.resolveSibling(file.getFileName() + ".sha1"), sha1(bytes));
    }

    Path versionDir(String groupId, String artifactId, String version) {
        return artifactDir(groupId, artifactId).resolve(version);
    }

    Path artifactDir(String groupId, String artifactId) {
        return root.resolve(groupId.replace('.', '/')).resolve(artifactId);
    }

    static byte[] pom(String groupId, String artifactId, String version) {
        return """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>%s</groupId>
                  <artifactId>%s</artifactId>
                  <version>%s</version>
                </project>
                """.formatted(groupId, artifactId, version).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] jar(String marker, int size) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(size + 1024);
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            zip.write("Manifest-Version: 1.0\n".getBytes(StandardCharsets.US_ASCII));
            zip.putNextEntry(new ZipEntry("marker.txt"));
            zip.write(marker.getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("data.bin"));
            byte[] noise = new byte[size];
            new Random(marker.hashCode()).nextBytes(noise);
            write(zip, noise);
        }
        return bytes.toByteArray();
    }

    private static void write(OutputStream out, byte[] bytes) throws IOException {
        out.write(bytes);
    }

    static String sha1(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
