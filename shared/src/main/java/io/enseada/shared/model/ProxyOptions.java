package io.enseada.shared.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * Options of a proxy repository.
 *
 * @param url              the upstream registry's base URL, http or https, without credentials,
 *                         query or fragment; kept with a trailing {@code /}
 * @param credentials      what to authenticate to the upstream with; anonymous when null
 * @param metadataMaxAge   how long cached metadata (tags, packuments, maven-metadata.xml) is
 *                         trusted before it is checked upstream again; PT30M when absent
 * @param negativeCacheTtl how long an upstream "not found" is remembered; PT5M when absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProxyOptions(
        URI url, UpstreamCredentials credentials, Duration metadataMaxAge, Duration negativeCacheTtl) {
    public static final Duration DEFAULT_METADATA_MAX_AGE = Duration.ofMinutes(30);
    public static final Duration DEFAULT_NEGATIVE_CACHE_TTL = Duration.ofMinutes(5);
    /** Longer than anyone means; a bound keeps arithmetic on these durations far from overflow. */
    public static final Duration LONGEST = Duration.ofDays(365);

    public ProxyOptions {
        url = upstream(url);
        metadataMaxAge = bounded("metadataMaxAge", metadataMaxAge, DEFAULT_METADATA_MAX_AGE);
        negativeCacheTtl = bounded("negativeCacheTtl", negativeCacheTtl, DEFAULT_NEGATIVE_CACHE_TTL);
    }

    public ProxyOptions(URI url) {
        this(url, null, null, null);
    }

    private static URI upstream(URI url) {
        if (url == null) {
            throw new IllegalArgumentException("proxy.url is required: the upstream registry's base URL");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new IllegalArgumentException("proxy.url must be an absolute http or https URL with a host");
        }
        // A password in the URL would print wherever the URL does; credentials have their own field.
        if (url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("proxy.url must not hold credentials: use proxy.credentials");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new IllegalArgumentException("proxy.url must not have a query or fragment");
        }
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return URI.create(scheme + "://" + url.getRawAuthority() + (path.endsWith("/") ? path : path + "/"));
    }

    private static Duration bounded(String field, Duration value, Duration absent) {
        if (value == null) {
            return absent;
        }
        if (value.isNegative() || value.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("proxy." + field + " must be between PT0S and P365D, not " + value);
        }
        return value;
    }

    /** The upstream URL of a path below the base; {@code relative} has no leading {@code /}. */
    public URI resolve(String relative) {
        return url.resolve(relative);
    }
}
