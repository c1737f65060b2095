package io.enseada.shared.couchdb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A small client for one CouchDB database, written against CouchDB 3's documented HTTP API and kept
 * inside the subset PouchDB Server also implements (so tests can run against it).
 *
 * <p>Every request runs under a deadline that covers the whole exchange, body included: the
 * {@link HttpRequest#timeout()} of the JDK client stops counting once headers arrive, and a
 * {@code _changes} long poll sends its headers at once and then waits.
 */
public final class CouchDbClient {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    // A health check must answer "no" quickly rather than hang with a stuck server.
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(5);
    // How long past the server-side long-poll timeout we wait before giving up ourselves; PouchDB
    // Server ignores that timeout, so this is what ends its long polls.
    private static final Duration LONG_POLL_GRACE = Duration.ofSeconds(5);

    private final CouchDbEndpoint endpoint;
    private final HttpClient http;
    private final ObjectMapper mapper;
    private final Duration requestTimeout;

    public CouchDbClient(CouchDbEndpoint endpoint, HttpClient http, ObjectMapper mapper, Duration requestTimeout) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.http = Objects.requireNonNull(http, "http");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    /** A client with its own HTTP/1.1 connection pool and a 30 s request timeout. */
    public static CouchDbClient create(CouchDbEndpoint endpoint, ObjectMapper mapper) {
        HttpClient http = HttpClient.newBuilder()
                // Plain http would otherwise try an h2c upgrade on every new connection.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return new CouchDbClient(endpoint, http, mapper, DEFAULT_REQUEST_TIMEOUT);
    }

    public CouchDbEndpoint endpoint() {
        return endpoint;
    }

    /** True when {@code GET /} answers 200 (CouchDB's {@code _up} is missing on PouchDB Server). */
    public boolean ping() {
        try {
            return send(get(endpoint.baseUrl()), PING_TIMEOUT).statusCode() == 200;
        } catch (CouchDbException | TimeoutException e) {
            return false;
        }
    }

    /** Creates the database unless it exists; safe to call concurrently and repeatedly. */
    public void ensureDatabase() {
        URI db = endpoint.databaseUrl();
        HttpResponse<byte[]> probe = call(get(db));
        if (probe.statusCode() == 200) {
            return;
        }
        if (probe.statusCode() != 404) {
            throw failure("GET", db, probe);
        }
        HttpResponse<byte[]> created =
                call(request(db).PUT(HttpRequest.BodyPublishers.noBody()).build());
        // 412: someone else created it between our GET and PUT.
        if (!isSuccess(created) && created.statusCode() != 412) {
            throw failure("PUT", db, created);
        }
    }

    /** The document with its {@code _id} and {@code _rev}, or empty when it is missing or deleted. */
    public Optional<ObjectNode> getDocument(String id) {
        URI uri = documentUrl(id);
        HttpResponse<byte[]> response = call(get(uri));
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        requireSuccess("GET", uri, response);
        return Optional.of(readObject(uri, response));
    }

    /**
     * Writes {@code body} as document {@code id}: a create when {@code rev} is null, otherwise a
     * replacement of revision {@code rev}.
     *
     * @return the new revision
     * @throws CouchDbException with status 409 when the revision is not the current one
     */
    public String putDocument(String id, String rev, ObjectNode body) {
        ObjectNode doc = body.deepCopy();
        if (rev != null) {
            doc.put("_rev", rev);
        }
        URI uri = documentUrl(id);
        HttpRequest put = request(uri)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(writeJson(doc)))
                .build();
        HttpResponse<byte[]> response = call(put);
        requireSuccess("PUT", uri, response);
        return readObject(uri, response).path("rev").asText();
    }

    /**
     * Deletes revision {@code rev} of document {@code id}.
     *
     * @return the tombstone's revision, or empty when CouchDB answered 404
     * @throws CouchDbException with status 409 when the revision is not the current one
     */
    public Optional<String> deleteDocument(String id, String rev) {
        URI uri = withQuery(documentUrl(id), "rev", rev);
        HttpResponse<byte[]> response = call(request(uri).DELETE().build());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        requireSuccess("DELETE", uri, response);
        return Optional.of(readObject(uri, response).path("rev").asText());
    }

    /**
     * Writes {@code docs} (each with its {@code _id}, the {@code _rev} it replaces unless it
     * creates, {@code _deleted: true} to delete) in one {@code _bulk_docs} request; each document
     * succeeds or fails on its own.
     *
     * @return one result per document, in the order given
     */
    public List<CouchDbBulkResult> bulkDocs(List<ObjectNode> docs) {
        URI uri = endpoint.databaseUrl().resolve("_bulk_docs");
        ObjectNode body = mapper.createObjectNode();
        body.putArray("docs").addAll(docs);
        HttpRequest post = request(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(writeJson(body)))
                .build();
        HttpResponse<byte[]> response = call(post);
        requireSuccess("POST", uri, response);
        JsonNode answer;
        try {
            answer = mapper.readTree(response.body());
        } catch (IOException e) {
            throw new CouchDbException(response.statusCode(), "invalid JSON from " + uri + ": " + e.getMessage());
        }
        if (!answer.isArray() || answer.size() != docs.size()) {
            throw new CouchDbException(
                    response.statusCode(), "expected one result per document from " + uri + ", got " + answer);
        }
        List<CouchDbBulkResult> results = new ArrayList<>(docs.size());
        for (JsonNode row : answer) {
            results.add(new CouchDbBulkResult(
                    row.path("id").asText(),
                    row.path("rev").asText(null),
                    row.hasNonNull("error") ? row.get("error").asText() : null));
        }
        return results;
    }

    /**
     * Rows of {@code _all_docs} with {@code startKey <= id <= endKey} in id order. To scan a prefix,
     * pass the prefix and the prefix followed by {@code "\ufff0"}.
     */
    public List<CouchDbRow> allDocs(String startKey, String endKey, int limit, boolean includeDocs) {
        URI uri = withQuery(
                endpoint.databaseUrl().resolve("_all_docs"),
                "startkey",
                jsonString(startKey),
                "endkey",
                jsonString(endKey),
                "limit",
                Integer.toString(limit),
                "include_docs",
                Boolean.toString(includeDocs));
        HttpResponse<byte[]> response = call(get(uri));
        requireSuccess("GET", uri, response);
        List<CouchDbRow> rows = new ArrayList<>();
        for (JsonNode row : readObject(uri, response).path("rows")) {
            JsonNode doc = row.get("doc");
            rows.add(new CouchDbRow(
                    row.path("id").asText(),
                    row.path("value").path("rev").asText(),
                    doc instanceof ObjectNode object ? object : null));
        }
        return rows;
    }

    /** The sequence of the latest change, to start a changes feed from now on. */
    public String lastSeq() {
        URI uri = withQuery(endpoint.databaseUrl().resolve("_changes"), "since", "now");
        HttpResponse<byte[]> response = call(get(uri));
        requireSuccess("GET", uri, response);
        return sequenceText(readObject(uri, response).path("last_seq"));
    }

    /**
     * Long-polls {@code _changes} after {@code since}: answers as soon as there is at least one
     * change, or with no results and {@code lastSeq == since} once {@code wait} has passed.
     * Interrupting the calling thread aborts the request.
     */
    public CouchDbChanges changes(String since, int limit, Duration wait) {
        URI uri = withQuery(
                endpoint.databaseUrl().resolve("_changes"),
                "feed",
                "longpoll",
                "since",
                since,
                "limit",
                Integer.toString(limit),
                "timeout",
                Long.toString(wait.toMillis()));
        HttpResponse<byte[]> response;
        try {
            response = send(get(uri), wait.plus(LONG_POLL_GRACE));
        } catch (TimeoutException e) {
            return new CouchDbChanges(List.of(), since);
        }
        requireSuccess("GET", uri, response);
        ObjectNode body = readObject(uri, response);
        List<CouchDbChange> results = new ArrayList<>();
        for (JsonNode row : body.path("results")) {
            results.add(new CouchDbChange(
                    sequenceText(row.path("seq")),
                    row.path("id").asText(),
                    row.path("deleted").asBoolean(false)));
        }
        String lastSeq = body.hasNonNull("last_seq") ? sequenceText(body.get("last_seq")) : since;
        return new CouchDbChanges(results, lastSeq);
    }

    static String encodePathSegment(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private URI documentUrl(String id) {
        return URI.create(endpoint.databaseUrl() + encodePathSegment(id));
    }

    private static URI withQuery(URI base, String... namesAndValues) {
        StringBuilder url = new StringBuilder(base.toString());
        for (int i = 0; i < namesAndValues.length; i += 2) {
            url.append(i == 0 ? '?' : '&')
                    .append(namesAndValues[i])
                    .append('=')
                    .append(encodePathSegment(namesAndValues[i + 1]));
        }
        return URI.create(url.toString());
    }

    // CouchDB 3 sequences are strings, PouchDB's are numbers; keep either as the JSON text it was.
    private static String sequenceText(JsonNode seq) {
        return seq.isTextual() ? seq.asText() : seq.toString();
    }

    private String jsonString(String value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a string as JSON", e);
        }
    }

    private byte[] writeJson(ObjectNode doc) {
        try {
            return mapper.writeValueAsBytes(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("document is not serializable: " + e.getOriginalMessage(), e);
        }
    }

    private ObjectNode readObject(URI uri, HttpResponse<byte[]> response) {
        try {
            JsonNode node = mapper.readTree(response.body());
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException e) {
            throw new CouchDbException(response.statusCode(), "invalid JSON from " + uri + ": " + e.getMessage());
        }
        throw new CouchDbException(response.statusCode(), "expected a JSON object from " + uri);
    }

    private HttpRequest get(URI uri) {
        return request(uri).GET().build();
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).header("Accept", "application/json");
        if (endpoint.credentials() != null) {
            builder.header("Authorization", endpoint.credentials().authorizationHeader());
        }
        return builder;
    }

    private HttpResponse<byte[]> call(HttpRequest request) {
        try {
            return send(request, requestTimeout);
        } catch (TimeoutException e) {
            throw new CouchDbException(describe(request) + " got no answer within " + requestTimeout, e);
        }
    }

    private HttpResponse<byte[]> send(HttpRequest request, Duration deadline) throws TimeoutException {
        CompletableFuture<HttpResponse<byte[]>> pending =
                http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        try {
            return pending.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw e;
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new CouchDbException(describe(request) + " was interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new CouchDbException("cannot reach CouchDB: " + describe(request) + " failed with " + cause, cause);
        }
    }

    private static String describe(HttpRequest request) {
        return request.method() + " " + request.uri();
    }

    private static boolean isSuccess(HttpResponse<?> response) {
        return response.statusCode() / 100 == 2;
    }

    private void requireSuccess(String method, URI uri, HttpResponse<byte[]> response) {
        if (!isSuccess(response)) {
            throw failure(method, uri, response);
        }
    }

    private CouchDbException failure(String method, URI uri, HttpResponse<byte[]> response) {
        String detail;
        try {
            JsonNode error = mapper.readTree(response.body());
            detail = error.path("error").asText("?") + ": "
                    + error.path("reason").asText("");
        } catch (IOException e) {
            detail = "non-JSON answer";
        }
        return new CouchDbException(
                response.statusCode(),
                "CouchDB answered " + response.statusCode() + " (" + detail + ") to " + method + " " + uri);
    }
}
