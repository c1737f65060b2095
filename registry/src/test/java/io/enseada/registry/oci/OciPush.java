package io.enseada.registry.oci;

import io.enseada.shared.testing.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Pushes over the distribution API, as a client does, for tests that need content in a repository. */
public final class OciPush {
    private OciPush() {}

    /** Pushes a blob monolithically into {@code name}; returns its digest. */
    public static String blob(HttpSession session, String name, byte[] content) {
        String digest = digest(content);
        HttpSession.Response response = session.request("POST", "/v2/" + name + "/blobs/uploads/?digest=" + digest)
                .body(content)
                .send();
        if (response.status() != 201) {
            throw new AssertionError(response.toString());
        }
        return digest;
    }

    /** Pushes a manifest; returns its digest. */
    public static String manifest(
            HttpSession session, String name, String reference, String mediaType, byte[] manifest) {
        HttpSession.Response response = session.request("PUT", "/v2/" + name + "/manifests/" + reference)
                .header("Content-Type", mediaType)
                .body(manifest)
                .send();
        if (response.status() != 201) {
            throw new AssertionError(response.toString());
        }
        return response.header("Docker-Content-Digest");
    }

    /** What {@link #image} pushed: the manifest's digest and its one layer's. */
    record Pushed(String manifest, String layer) {}

    /** Pushes a small OCI image into {@code name} under {@code tag}: a config, one random layer, the manifest. */
    static Pushed image(HttpSession session, String name, String tag, long seed) {
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"seed\":" + seed + "}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] layer = new byte[512];
        new java.util.Random(seed).nextBytes(layer);
        String configDigest = blob(session, name, config);
        String layerDigest = blob(session, name, layer);
        String manifest =
                "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":"
                        + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest + "\",\"size\":"
                        + config.length
                        + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\""
                        + layerDigest
                        + "\",\"size\":" + layer.length + "}]}";
        return new Pushed(
                manifest(
                        session,
                        name,
                        tag,
                        "application/vnd.oci.image.manifest.v1+json",
                        manifest.getBytes(StandardCharsets.UTF_8)),
                layerDigest);
    }

    public static String digest(byte[] content) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
