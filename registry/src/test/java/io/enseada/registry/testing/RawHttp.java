package io.enseada.registry.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * HTTP/1.1 over a bare socket, for tests that check what crosses the wire: no transparent
 * decoding, and the framing checked byte for byte. Each request goes out on a keep-alive
 * connection followed by a second, pipelined request ({@code GET /health/live}, then close), so
 * the first response must end exactly where its framing says: surplus bytes, missing bytes or a
 * body on a HEAD leave no well-formed second response behind. A response whose framing lies — a
 * {@code Content-Length} other than the bytes that followed, broken chunks, neither length nor
 * chunks — fails with an {@link AssertionError}.
 */
public final class RawHttp {
    private final String host;
    private final int port;

    public RawHttp(String host, int port) {
        this.host = host;
        this.port = port;
    }

    private static final String SENTINEL = "/health/live";

    public Response send(String method, String target, Map<String, String> headers) {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(60_000);
            String authority = host + ":" + port;
            StringBuilder requests = new StringBuilder(method)
                    .append(' ')
                    .append(target)
                    .append(" HTTP/1.1\r\n")
                    .append("Host: ")
                    .append(authority)
                    .append("\r\n");
            headers.forEach((name, value) ->
                    requests.append(name).append(": ").append(value).append("\r\n"));
            requests.append("\r\n")
                    .append("GET ")
                    .append(SENTINEL)
                    .append(" HTTP/1.1\r\nHost: ")
                    .append(authority)
                    .append("\r\nConnection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(requests.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            byte[] received = socket.getInputStream().readAllBytes();
            String request = method + " " + target;
            Parsed first = Response.parse(request, method.equals("HEAD"), received, 0);
            if (first.end() == received.length
                    && "close".equalsIgnoreCase(first.response().header("Connection"))) {
                return first.response(); // the server ended the connection, and said so
            }
            Parsed sentinel = Response.parse(request + ", then " + SENTINEL, false, received, first.end());
            if (sentinel.response().status() != 200 || sentinel.end() != received.length) {
                throw new AssertionError(request + ": the connection is out of step after the response: "
                        + sentinel.response() + " and " + (received.length - sentinel.end()) + " more bytes");
            }
            return first.response();
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + target, e);
        }
    }

    private record Parsed(Response response, int end) {}

    /** A response as it arrived; {@code body} is the entity after de-chunking, still content-encoded. */
    public record Response(
            String request, int status, Map<String, List<String>> headers, byte[] body, boolean chunked) {

        /** The response starting at {@code start}, and where it ends. */
        static Parsed parse(String request, boolean head, byte[] received, int start) {
            int end = indexOf(received, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
            if (end < 0) {
                throw new AssertionError(
                        request + ": no complete header block in " + (received.length - start) + " bytes");
            }
            String[] lines = new String(received, start, end - start, StandardCharsets.ISO_8859_1).split("\r\n");
            if (!lines[0].startsWith("HTTP/1.1 ")) {
                throw new AssertionError(request + ": not a status line: " + lines[0]);
            }
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.computeIfAbsent(
                                lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).trim());
            }
            int bodyStart = end + 4;
            String transferEncoding = first(headers, "transfer-encoding");
            String contentLength = first(headers, "content-length");
            if (head || status == 204 || status == 304) {
                return new Parsed(new Response(request, status, headers, new byte[0], false), bodyStart);
            }
            if (transferEncoding != null) {
                if (!transferEncoding.equalsIgnoreCase("chunked") || contentLength != null) {
                    throw new AssertionError(request + ": Transfer-Encoding " + transferEncoding
                            + " with Content-Length " + contentLength);
                }
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                int after = dechunk(request, received, bodyStart, body);
                return new Parsed(new Response(request, status, headers, body.toByteArray(), true), after);
            }
            if (contentLength == null) {
                throw new AssertionError(
                        request + " -> " + status + ": neither Content-Length nor chunked on a keep-alive connection");
            }
            long length = Long.parseLong(contentLength);
            if (bodyStart + length > received.length) {
                throw new AssertionError(request + " -> " + status + ": Content-Length " + contentLength + " but only "
                        + (received.length - bodyStart) + " bytes received");
            }
            byte[] body = Arrays.copyOfRange(received, bodyStart, bodyStart + (int) length);
            return new Parsed(new Response(request, status, headers, body, false), bodyStart + (int) length);
        }

        public String header(String name) {
            return first(headers, name.toLowerCase(Locale.ROOT));
        }

        public List<String> headers(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }

        /** The entity as stored: gunzipped when the server said gzip (the gzip trailer checks its length and CRC). */
        public byte[] decoded() {
            String encoding = header("Content-Encoding");
            if (encoding == null || encoding.equalsIgnoreCase("identity")) {
                return body;
            }
            if (!encoding.equalsIgnoreCase("gzip")) {
                throw new AssertionError(request + ": unexpected Content-Encoding " + encoding);
            }
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new AssertionError(request + ": the gzip body does not decode (" + e.getMessage() + ")", e);
            }
        }

        public String text() {
            return new String(decoded(), StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return request + " -> " + status + " " + headers;
        }

        private static String first(Map<String, List<String>> headers, String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        /** Decodes the chunks from {@code at} into {@code body}; returns where the chunked body ends. */
        private static int dechunk(String request, byte[] wire, int at, ByteArrayOutputStream body) {
            while (true) {
                int lineEnd = indexOf(wire, new byte[] {'\r', '\n'}, at);
                if (lineEnd < 0) {
                    throw new AssertionError(request + ": chunked body ends inside a chunk header");
                }
                String sizeField = new String(wire, at, lineEnd - at, StandardCharsets.ISO_8859_1);
                int semicolon = sizeField.indexOf(';');
                int size = Integer.parseInt((semicolon < 0 ? sizeField : sizeField.substring(0, semicolon)).trim(), 16);
                at = lineEnd + 2;
                if (size == 0) {
                    break;
                }
                if (at + size + 2 > wire.length || wire[at + size] != '\r' || wire[at + size + 1] != '\n') {
                    throw new AssertionError(request + ": chunk of " + size + " bytes is truncated or not terminated");
                }
                body.write(wire, at, size);
                at += size + 2;
            }
            // Trailer fields (none expected), then the empty line that ends the body.
            int line = indexOf(wire, new byte[] {'\r', '\n'}, at);
            while (line > at) {
                at = line + 2;
                line = indexOf(wire, new byte[] {'\r', '\n'}, at);
            }
            if (line < 0) {
                throw new AssertionError(request + ": the chunked body has no final empty line");
            }
            return line + 2;
        }

        private static int indexOf(byte[] haystack, byte[] needle, int from) {
            outer:
            for (int i = from; i <= haystack.length - needle.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (haystack[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
