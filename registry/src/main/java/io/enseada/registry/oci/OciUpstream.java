package io.enseada.registry.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.enseada.registry.errors.UpstreamUnavailableException;
import io.enseada.registry.upstream.UpstreamClient;
import io.enseada.registry.upstream.UpstreamResponse;
import io.enseada.shared.model.RepositorySpec;
import io.enseada.shared.model.UpstreamCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The distribution API of a proxy repository's upstream, authenticated as docker clients do it: a
 * request goes out anonymously; a 401 with a {@code Bearer} challenge gets a token from the realm
 * it names (with the proxy's credentials, when it has some, for the scope of pulling the image),
 * a {@code Basic} challenge the proxy's credentials; the request is then sent again with them.
 * What worked is kept for the image (a token until it expires), so later requests skip the 401.
 */
final class OciUpstream {
    private static final Pattern PARAMETER = Pattern.compile("([A-Za-z_]+)=\"([^\"]*)\"");
    private static final int MAX_TOKEN_BYTES = 64 * 1024;
    /** The spec's default when a token endpoint does not say how long its token lasts. */
    private static final Duration DEFAULT_TOKEN_LIFE = Duration.ofSeconds(60);
    /** A token is given up this long before it expires, so that no request carries it past its end. */
    private static final Duration TOKEN_MARGIN = Duration.ofSeconds(5);

    private final UpstreamClient client;
    private final ObjectMapper json;
    private final Clock clock;
    /** By proxy repository and image: the {@code Authorization} that the upstream last accepted. */
    private final Cache<String, Authorization> authorizations =
            Caffeine.newBuilder().maximumSize(10_000).build();

    private record Authorization(String header, Instant expires) {}

    OciUpstream(UpstreamClient client, ObjectMapper json, Clock clock) {
        this.client = client;
        this.json = json;
        this.clock = clock;
    }

    /** @param endpoint what follows {@code /v2/<image>/}: {@code manifests/<reference>}, {@code blobs/<digest>} */
    UpstreamResponse get(RepositorySpec proxy, String image, String endpoint, Map<String, String> headers) {
        return send("GET", proxy, image, endpoint, headers);
    }

    UpstreamResponse head(RepositorySpec proxy, String image, String endpoint, Map<String, String> headers) {
        return send("HEAD", proxy, image, endpoint, headers);
    }

    private UpstreamResponse send(
            String method, RepositorySpec proxy, String image, String endpoint, Map<String, String> headers) {
        URI url = proxy.proxy().resolve("v2/" + image + "/" + endpoint);
        String key = proxy.name() + "\n" + image;
        Authorization known = authorizations.getIfPresent(key);
        if (known != null && !clock.instant().isBefore(known.expires())) {
            authorizations.invalidate(key);
            known = null;
        }
        UpstreamResponse response = client.exchange(method, proxy, url, with(headers, known));
        if (response.status() != 401) {
            return response;
        }
        String challenge = response.header("WWW-Authenticate").orElse("");
        response.close();
        Authorization answer = answer(proxy, image, challenge);
        response = client.exchange(method, proxy, url, with(headers, answer));
        if (response.status() == 401) {
            response.close();
            authorizations.invalidate(key);
            throw refused(proxy, "refused the proxy's credentials for " + image + " (HTTP 401)");
        }
        authorizations.put(key, answer);
        return response;
    }

    private static Map<String, String> with(Map<String, String> headers, Authorization authorization) {
        if (authorization == null) {
            return headers;
        }
        Map<String, String> all = new HashMap<>(headers);
        all.put("Authorization", authorization.header());
        return all;
    }

    private Authorization answer(RepositorySpec proxy, String image, String challenge) {
        UpstreamCredentials credentials = proxy.proxy().credentials();
        String scheme = challenge.strip().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        if (scheme.equals("bearer")) {
            return token(proxy, image, parameters(challenge));
        }
        if (scheme.equals("basic") && credentials != null) {
            return new Authorization(UpstreamClient.basic(credentials), Instant.MAX);
        }
        throw refused(
                proxy,
                "requires authentication for " + image
                        + (credentials == null ? " and the proxy repository has no credentials" : ""));
    }

    /** A token from the challenge's realm, for its scope or, when it names none, for pulling {@code image}. */
    private Authorization token(RepositorySpec proxy, String image, Map<String, String> challenge) {
        URI realm;
        try {
            realm = URI.create(challenge.getOrDefault("realm", ""));
        } catch (IllegalArgumentException e) {
            throw refused(proxy, "named an unusable token realm");
        }
        if (!"http".equals(realm.getScheme()) && !"https".equals(realm.getScheme())) {
            throw refused(proxy, "named no usable token realm in its challenge");
        }
        StringBuilder query = new StringBuilder();
        if (challenge.containsKey("service")) {
            query.append("service=").append(encode(challenge.get("service")));
        }
        String scope = challenge.getOrDefault("scope", "repository:" + image + ":pull");
        query.append(query.isEmpty() ? "" : "&").append("scope=").append(encode(scope));
        URI url = URI.create(realm + (realm.getRawQuery() == null ? "?" : "&") + query);
        UpstreamCredentials credentials = proxy.proxy().credentials();
        Map<String, String> headers =
                credentials == null ? Map.of() : Map.of("Authorization", UpstreamClient.basic(credentials));
        JsonNode body;
        Instant asked = clock.instant();
        try (UpstreamResponse response = client.exchange("GET", proxy, url, headers)) {
            if (!response.ok()) {
                throw refused(
                        proxy,
                        "its token endpoint " + realm.getHost() + " answered HTTP " + response.status() + " for "
                                + scope);
            }
            body = json.readTree(response.bytes(MAX_TOKEN_BYTES));
        } catch (IOException | UncheckedIOException e) {
            throw refused(proxy, "its token endpoint " + realm.getHost() + " sent no readable token");
        }
        String token = body.path("token").asText(body.path("access_token").asText(""));
        if (token.isEmpty()) {
            throw refused(proxy, "its token endpoint " + realm.getHost() + " sent no token");
        }
        Duration life = body.path("expires_in").canConvertToLong()
                        && body.path("expires_in").asLong() > 0
                ? Duration.ofSeconds(body.path("expires_in").asLong())
                : DEFAULT_TOKEN_LIFE;
        return new Authorization("Bearer " + token, asked.plus(life).minus(TOKEN_MARGIN));
    }

    private static Map<String, String> parameters(String challenge) {
        Map<String, String> parameters = new HashMap<>();
        Matcher matcher = PARAMETER.matcher(challenge);
        while (matcher.find()) {
            parameters.put(matcher.group(1).toLowerCase(Locale.ROOT), matcher.group(2));
        }
        return parameters;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static UpstreamUnavailableException refused(RepositorySpec proxy, String why) {
        return new UpstreamUnavailableException(
                proxy.proxy().url().getHost(), why + "; nothing of it can be fetched", false, null);
    }
}
