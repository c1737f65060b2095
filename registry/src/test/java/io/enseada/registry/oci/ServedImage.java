package io.enseada.registry.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.shared.json.Json;
import io.enseada.shared.testing.HttpSession;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * What the registry serves for an image, fetched the way Go clients (skopeo, podman, docker,
 * containerd) fetch it — with {@code Accept-Encoding: gzip} — and checked byte for byte: status,
 * {@code Content-Length} against the bytes received, no transfer compression of blobs, and every
 * digest recomputed.
 */
final class ServedImage {
    private static final ObjectMapper JSON = Json.newMapper();

    private static final String ACCEPT = String.join(
            ", ",
            RealisticImage.MANIFEST,
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.distribution.manifest.list.v2+json");

    private final HttpSession http;
    private final String name;

    ServedImage(HttpSession http, String name) {
        this.http = http;
        this.name = name;
    }

    /** The manifest served for {@code reference}, which must be the bytes of {@code digest}. */
    JsonNode manifest(String reference, String digest) {
        HttpSession.Response response = http.request("GET", "/v2/" + name + "/manifests/" + reference)
                .header("Accept", ACCEPT)
                .header("Accept-Encoding", "gzip")
                .send();
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.header("Docker-Content-Digest")).isEqualTo(digest);
        byte[] bytes = decoded(response);
        assertThat(OciPush.digest(bytes))
                .as("digest of the manifest bytes served for " + reference)
                .isEqualTo(digest);
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The digests of the blobs {@code manifest} names: config, then layers. */
    static List<String> blobs(JsonNode manifest) {
        List<String> digests =
                new ArrayList<>(List.of(manifest.at("/config/digest").asText()));
        manifest.path("layers")
                .forEach(layer -> digests.add(layer.path("digest").asText()));
        return digests;
    }

    /** Every blob of {@code manifest} (config and layers) served whole, uncompressed on the wire, with its digest. */
    void assertBlobsServed(JsonNode manifest) {
        blob(manifest.at("/config/digest").asText(), manifest.at("/config/size").asLong());
        manifest.path("layers")
                .forEach(layer ->
                        blob(layer.path("digest").asText(), layer.path("size").asLong()));
    }

    /**
     * Every blob of {@code manifest} served as {@link #assertBlobsServed} checks it; returns the digests of the
     * uncompressed layers as served: the image's diff_ids.
     */
    List<String> servedDiffIds(JsonNode manifest) {
        blob(manifest.at("/config/digest").asText(), manifest.at("/config/size").asLong());
        List<String> ids = new ArrayList<>();
        for (JsonNode layer : manifest.path("layers")) {
            byte[] bytes =
                    blob(layer.path("digest").asText(), layer.path("size").asLong());
            ids.add(layer.path("mediaType").asText().endsWith("+gzip") ? sha256(gunzip(bytes)) : OciPush.digest(bytes));
        }
        return ids;
    }

    private byte[] blob(String digest, long size) {
        HttpSession.Response response = http.request("GET", "/v2/" + name + "/blobs/" + digest)
                .header("Accept-Encoding", "gzip")
                .send();
        assertThat(response.status()).as("GET blob " + digest).isEqualTo(200);
        assertThat(response.header("Content-Encoding"))
                .as("blob %s must arrive byte for byte", digest)
                .isNull();
        assertThat(response.header("Content-Length"))
                .as("Content-Length of blob " + digest)
                .isEqualTo(Long.toString(size));
        assertThat(response.bytes().length)
                .as("bytes received of blob " + digest)
                .isEqualTo(size);
        assertThat(OciPush.digest(response.bytes()))
                .as("digest of blob " + digest)
                .isEqualTo(digest);
        return response.bytes();
    }

    /** The body as the client reads it: a manifest may come gzipped, but then its length must be the compressed one. */
    private static byte[] decoded(HttpSession.Response response) {
        String length = response.header("Content-Length");
        if (length != null) {
            assertThat(Long.parseLong(length))
                    .as("Content-Length against the bytes received")
                    .isEqualTo(response.bytes().length);
        }
        return "gzip".equals(response.header("Content-Encoding"))
                ? readAll(gunzip(response.bytes()))
                : response.bytes();
    }

    private static InputStream gunzip(byte[] bytes) {
        try {
            return new GZIPInputStream(new ByteArrayInputStream(bytes), 1 << 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(InputStream in) {
        try (DigestInputStream digesting = new DigestInputStream(in, MessageDigest.getInstance("SHA-256"))) {
            digesting.transferTo(OutputStream.nullOutputStream());
            return "sha256:"
                    + HexFormat.of().formatHex(digesting.getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
