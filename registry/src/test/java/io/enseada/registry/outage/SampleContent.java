package io.enseada.registry.outage;

import io.enseada.registry.npm.TestPackages;
import io.enseada.shared.json.Json;
import io.enseada.shared.testing.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;

/**
 * One package of each format pushed through the protocols, as clients push them: an OCI image
 * (config, a 64 KiB layer, manifest tagged 1.0) in {@code containers/app}, an npm package
 * {@code outage-pkg@1.0.0} in {@code npm}, a Maven jar in {@code maven-releases}.
 */
record SampleContent(
        byte[] layer,
        String layerDigest,
        byte[] manifest,
        String manifestDigest,
        String configDigest,
        byte[] tarball,
        byte[] jar) {
    static final String IMAGE = "containers/app";
    static final String PACKAGE = "outage-pkg";
    static final String TARBALL_PATH = "/npm/npm/" + PACKAGE + "/-/" + PACKAGE + "-1.0.0.tgz";
    static final String JAR_PATH = "/maven/maven-releases/com/acme/outage/1.0/outage-1.0.jar";
    static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";

    static SampleContent push(HttpSession wire) throws Exception {
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
        byte[] layer = new byte[64 * 1024];
        new Random(11).nextBytes(layer);
        String configDigest = blob(wire, config);
        String layerDigest = blob(wire, layer);
        byte[] manifest = manifest(configDigest, config.length, layerDigest, layer.length);
        expect(
                wire.raw("PUT", "/v2/" + IMAGE + "/manifests/1.0", Map.of("Content-Type", MANIFEST_TYPE), manifest),
                201);

        var publish = TestPackages.publishBody(PACKAGE, "1.0.0");
        expect(
                wire.raw(
                        "PUT",
                        "/npm/npm/" + PACKAGE,
                        Map.of("Content-Type", "application/json"),
                        Json.newMapper().writeValueAsBytes(publish)),
                201);
        byte[] tarball = java.util.Base64.getDecoder()
                .decode(publish.path("_attachments")
                        .path(PACKAGE + "-1.0.0.tgz")
                        .path("data")
                        .asText());

        byte[] jar = new byte[48 * 1024];
        new Random(12).nextBytes(jar);
        expect(wire.raw("PUT", JAR_PATH, Map.of(), jar), 201);
        return new SampleContent(layer, layerDigest, manifest, digest(manifest), configDigest, tarball, jar);
    }

    static byte[] manifest(String configDigest, long configSize, String layerDigest, long layerSize) {
        return ("{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST_TYPE + "\","
                        + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                        + configDigest + "\",\"size\":" + configSize + "},"
                        + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\""
                        + layerDigest + "\",\"size\":" + layerSize + "}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static String blob(HttpSession wire, byte[] content) {
        String digest = digest(content);
        expect(wire.raw("POST", "/v2/" + IMAGE + "/blobs/uploads/?digest=" + digest, Map.of(), content), 201);
        return digest;
    }

    static String digest(byte[] content) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpSession.Response expect(HttpSession.Response response, int status) {
        if (response.status() != status) {
            throw new AssertionError(
                    response.raw().request().method() + " " + response.raw().uri() + " answered " + response.status()
                            + " instead of " + status + ": " + response.text());
        }
        return response;
    }
}
