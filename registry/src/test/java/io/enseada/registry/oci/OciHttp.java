package io.enseada.registry.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.shared.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** Raw distribution-API requests for tests: bytes in and out, any header, Basic credentials. */
final class OciHttp {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    static final ObjectMapper JSON = Json.newMapper();

    private final URI base;
    private final String authorization;

    OciHttp(URI base, String user, String password) {
        this.base = base;
        this.authorization = user == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    Request request(String method, String path) {
        return new Request(method, path);
    }

    Response get(String path) {
        return request("GET", path).send();
    }

    Response head(String path) {
        return request("HEAD", path).send();
    }

    Response delete(String path) {
        return request("DELETE", path).send();
    }

    /** Pushes a blob monolithically into {@code name}; returns its digest. */
    String pushBlob(String name, byte[] content) {
        String digest = digest(content);
        Response response = request("POST", "/v2/" + name + "/blobs/uploads/?digest=" + digest).body(content).send();
        if (response.status() != 201) {
            throw new AssertionError(response.toString());
        }
        return digest;
    }

    /** Pushes a manifest; returns its digest. */
    String pushManifest(String name, String reference, String mediaType, byte[] manifest) {
        Response response = request("PUT", "/v2/" + name + "/manifests/" + reference).header("Content-Type", mediaType).body(manifest).send();
        if (response.status() != 201) {
            throw new AssertionError(response.toString());
        }
        return response.header("Docker-Content-Digest");
    }

    /** What {@link #pushImage} pushed: the manifest's digest and its one layer's. */
    record Pushed(String manifest, String layer) {
    }

    /** Pushes a small OCI image into {@code name} under {@code tag}: a config, one random layer, the manifest. */
    Pushed pushImage(String name, String tag, long seed) {
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"seed\":" + seed + "}").getBytes(StandardCharsets.UTF_8);
        byte[] layer = new byte[512];
        new java.util.Random(seed).nextBytes(layer);
        String configDigest = pushBlob(name, config);
        String layerDigest = pushBlob(name, layer);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest + "\",\"size\":" + config.length
                + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + layerDigest
                + "\",\"size\":" + layer.length + "}]}";
        return new Pushed(pushManifest(name, tag, "application/vnd.oci.image.manifest.v1+json", manifest.getBytes(StandardCharsets.UTF_8)), layerDigest);
    }

    static String digest(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    final class Request {
        private final String method;
        private final String path;
        private final List<String> headers = new ArrayList<>();
        private byte[] body;

        Request(String method, String path) {
            this.method = method;
            this.path = path;
        }

        Request header(String name, String value) {
            headers.add(name);
            headers.add(value);
            return this;
        }

        Request body(byte[] content) {
            this.body = content;
            return this;
        }

        Response send() {
            HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path));
            if (authorization != null) {
                builder.header("Authorization", authorization);
            }
            for (int i = 0; i < headers.size(); i += 2) {
                builder.header(headers.get(i), headers.get(i + 1));
            }
            builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            try {
                return new Response(CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    record Response(HttpResponse<byte[]> raw) {
        int status() {
            return raw.statusCode();
        }

        byte[] bytes() {
            return raw.body();
        }

        String text() {
            return new String(raw.body(), StandardCharsets.UTF_8);
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        JsonNode json() {
            try {
                return JSON.readTree(raw.body());
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + raw.statusCode() + "): " + text(), e);
            }
        }

        /** The code of the first OCI error in the body. */
        String errorCode() {
            return json().path("errors").path(0).path("code").asText();
        }

        @Override
        public String toString() {
            return raw.request().method() + " " + raw.uri() + " -> " + raw.statusCode() + " " + text();
        }
    }
}
