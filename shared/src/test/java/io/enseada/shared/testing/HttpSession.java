package io.enseada.shared.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.shared.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A test's HTTP client: one base URL, one {@code Authorization} header (Basic, Bearer or none),
 * JSON or bytes in, bytes out. Sessions are immutable: {@link #basic}, {@link #bearer},
 * {@link #withTimeout} and {@link #overHttp11} return a new one.
 */
public final class HttpSession {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final HttpClient HTTP_1_1_CLIENT =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final ObjectMapper JSON = Json.newMapper();

    private final HttpClient client;
    private final URI base;
    private final String authorization;
    private final Duration timeout;
    private final String cookie;

    /** An anonymous session. */
    public HttpSession(URI base) {
        this(base, null);
    }

    /** A session sending {@code authorization} (a whole header value, or null for none) with every request. */
    public HttpSession(URI base, String authorization) {
        this(CLIENT, base, authorization, null, null);
    }

    private HttpSession(HttpClient client, URI base, String authorization, Duration timeout, String cookie) {
        this.client = client;
        this.base = base;
        this.authorization = authorization;
        this.timeout = timeout;
        this.cookie = cookie;
    }

    /** A session sending {@code cookie} (a {@code Cookie} header's value) with every request, as a browser does. */
    public HttpSession withCookie(String cookie) {
        return new HttpSession(client, base, authorization, timeout, cookie);
    }

    public HttpSession basic(String user, String password) {
        return withAuthorization(AuthorizationHeader.basic(user, password));
    }

    public HttpSession bearer(String token) {
        return withAuthorization(AuthorizationHeader.bearer(token));
    }

    private HttpSession withAuthorization(String authorization) {
        return new HttpSession(client, base, authorization, timeout, cookie);
    }

    /** Fails each request that has no response within {@code timeout}, instead of waiting for ever. */
    public HttpSession withTimeout(Duration timeout) {
        return new HttpSession(client, base, authorization, timeout, cookie);
    }

    /** Speaks HTTP/1.1 only, as package clients do over plain HTTP: no {@code Upgrade: h2c} offered. */
    public HttpSession overHttp11() {
        return new HttpSession(HTTP_1_1_CLIENT, base, authorization, timeout, cookie);
    }

    /** {@code GET path}, with {@code headers} as name, value, name, value... */
    public Response get(String path, String... headers) {
        return request("GET", path).headers(headers).send();
    }

    public Response head(String path) {
        return request("HEAD", path).send();
    }

    public Response delete(String path) {
        return request("DELETE", path).send();
    }

    /** {@code json} as JSON: a String is sent as it is, anything else is serialized. */
    public Response post(String path, Object json) {
        return send("POST", path, json);
    }

    /** {@code json} as JSON; for bytes that are not JSON use {@link #putContent}. */
    public Response put(String path, Object json) {
        return send("PUT", path, json);
    }

    public Response patch(String path, Object json) {
        return send("PATCH", path, json);
    }

    /** {@code PUT path} with {@code body} as it is (no Content-Type unless in {@code headers}), as deploy clients send files. */
    public Response putContent(String path, byte[] body, String... headers) {
        return request("PUT", path).headers(headers).body(body).send();
    }

    /** {@link #putContent(String, byte[], String...)} with {@code body} in UTF-8. */
    public Response putContent(String path, String body, String... headers) {
        return putContent(path, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    /** {@code method path} with {@code json} as a JSON body, or no body when it is null. */
    public Response send(String method, String path, Object json) {
        if (json == null) {
            return request(method, path).send();
        }
        try {
            String body = json instanceof String text ? text : JSON.writeValueAsString(json);
            return request(method, path)
                    .header("Content-Type", "application/json")
                    .body(body.getBytes(StandardCharsets.UTF_8))
                    .send();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Any bytes (or none, when null) with any headers, for protocol requests that are not JSON. */
    public Response raw(String method, String path, Map<String, String> headers, byte[] body) {
        Request request = request(method, path).body(body);
        headers.forEach(request::header);
        return request.send();
    }

    public Request request(String method, String path) {
        return new Request(method, path);
    }

    /**
     * Sends {@code method target} over a bare socket exactly as written, so dot segments and escapes
     * reach the server untouched ({@link URI} would tidy them up); returns the whole response as it came.
     */
    public String verbatim(String method, String target, byte[] body) {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder(method)
                    .append(' ')
                    .append(target)
                    .append(" HTTP/1.1\r\n")
                    .append("Host: ")
                    .append(base.getHost())
                    .append(':')
                    .append(base.getPort())
                    .append("\r\n")
                    .append("Connection: close\r\nContent-Length: ")
                    .append(body.length)
                    .append("\r\n");
            if (authorization != null) {
                head.append("Authorization: ").append(authorization).append("\r\n");
            }
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(response);
            return response.toString(StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One request being put together: headers in the order given (a name may repeat), then {@link #send}. */
    public final class Request {
        private final String method;
        private final String path;
        private final List<String[]> headers = new ArrayList<>();
        private byte[] body;

        private Request(String method, String path) {
            this.method = method;
            this.path = path;
        }

        public Request header(String name, String value) {
            headers.add(new String[] {name, value});
            return this;
        }

        /** Headers as name, value, name, value... */
        public Request headers(String... namesAndValues) {
            for (int i = 0; i < namesAndValues.length; i += 2) {
                header(namesAndValues[i], namesAndValues[i + 1]);
            }
            return this;
        }

        public Request body(byte[] content) {
            this.body = content;
            return this;
        }

        public Response send() {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(body));
            if (timeout != null) {
                request.timeout(timeout);
            }
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            if (cookie != null) {
                request.header("Cookie", cookie);
            }
            headers.forEach(header -> request.header(header[0], header[1]));
            try {
                return new Response(client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray()));
            } catch (IOException e) {
                throw new UncheckedIOException(method + " " + path, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    public record Response(HttpResponse<byte[]> raw) {
        public int status() {
            return raw.statusCode();
        }

        public byte[] bytes() {
            return raw.body();
        }

        /** The body decoded as UTF-8. */
        public String text() {
            return new String(raw.body(), StandardCharsets.UTF_8);
        }

        /** The first value of header {@code name}, or null. */
        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public HttpHeaders headers() {
            return raw.headers();
        }

        public JsonNode json() {
            try {
                return JSON.readTree(raw.body());
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + raw.statusCode() + "): " + text(), e);
            }
        }

        /** The code of the first error in an OCI error envelope ({@code {"errors":[{"code":…}]}}). */
        public String errorCode() {
            return json().path("errors").path(0).path("code").asText();
        }

        @Override
        public String toString() {
            return raw.request().method() + " " + raw.uri() + " -> " + raw.statusCode() + " " + text();
        }
    }
}
