package io.enseada.registry.http;

import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One line per request on the logger {@code enseada.access}: method, path, status, duration,
 * bytes in and out, caller, repository, protocol, client address and user agent. As text the
 * line reads like a web server's access log; as JSON each field is also a key-value pair.
 *
 * <p>Never logged: the query string (clients may carry tokens there), any header but the user
 * agent, and tokens in the path (npm's logout sends its token as a path segment).
 */
public final class AccessLog implements Consumer<Exchange> {
    static final String LOGGER = "enseada.access";
    /**
     * Request attributes the access guard sets for this log: the caller's subject and the repository
     * the request named. Plain strings, so that this web plumbing knows nothing of principals.
     */
    public static final String SUBJECT = "enseada.log.subject";

    public static final String REPOSITORY = "enseada.log.repository";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    /** A segment after {@code /token/} (npm's token routes), and Enseada's own token format anywhere. */
    private static final Pattern TOKEN_SEGMENT = Pattern.compile("(/token/)[^/]+");

    private static final Pattern ENSEADA_TOKEN = Pattern.compile("(ens_[a-z0-9]{16}_)[A-Za-z0-9_-]+");
    private static final Pattern UNPRINTABLE = Pattern.compile("[^\\x20-\\x7e]|\"");

    private final ClientAddress clientAddress;
    private final ProtocolMounts mounts;

    public AccessLog(ClientAddress clientAddress, ProtocolMounts mounts) {
        this.clientAddress = clientAddress;
        this.mounts = mounts;
    }

    @Override
    public void accept(Exchange exchange) {
        Level level = exchange.status() >= 500 ? Level.WARN : Level.INFO;
        if (!LOG.isEnabledForLevel(level)) {
            return;
        }
        Request request = exchange.request();
        String method = request.getMethod();
        String path = loggablePath(request.getHttpURI().getPath());
        Object subject = request.getAttribute(SUBJECT);
        Object repository = request.getAttribute(REPOSITORY);
        String caller = subject == null ? "-" : subject.toString();
        String repositoryName = repository == null ? "-" : repository.toString();
        String protocol = mounts.protocolOf(exchange.path()).name();
        String client = clientAddress.resolve(request);
        String agent = printable(request.getHeaders().get(HttpHeader.USER_AGENT));
        long millis = exchange.nanos() / 1_000_000;

        StringBuilder line = new StringBuilder(160)
                .append(method)
                .append(' ')
                .append(path)
                .append(' ')
                .append(exchange.status())
                .append(' ')
                .append(millis)
                .append("ms in=")
                .append(exchange.bytesIn())
                .append(" out=")
                .append(exchange.bytesOut())
                .append(" principal=")
                .append(caller)
                .append(" repository=")
                .append(repositoryName)
                .append(" protocol=")
                .append(protocol)
                .append(" client=")
                .append(client)
                .append(" agent=\"")
                .append(agent)
                .append('"');
        if (exchange.failure() != null) {
            line.append(" aborted=").append(exchange.failure().getClass().getSimpleName());
        }
        LoggingEventBuilder event = LOG.atLevel(level)
                .addKeyValue("method", method)
                .addKeyValue("path", path)
                .addKeyValue("status", exchange.status())
                .addKeyValue("durationMs", millis)
                .addKeyValue("bytesIn", exchange.bytesIn())
                .addKeyValue("bytesOut", exchange.bytesOut())
                .addKeyValue("principal", caller)
                .addKeyValue("repository", repositoryName)
                .addKeyValue("protocol", protocol)
                .addKeyValue("client", client)
                .addKeyValue("userAgent", agent);
        if (exchange.failure() != null) {
            event = event.addKeyValue("aborted", exchange.failure().getClass().getSimpleName());
        }
        event.log(line.toString());
    }

    /** The raw (still percent-encoded) path, without what must not be kept. */
    static String loggablePath(String rawPath) {
        String path = TOKEN_SEGMENT.matcher(rawPath == null ? "" : rawPath).replaceAll("$1***");
        return printable(ENSEADA_TOKEN.matcher(path).replaceAll("$1***"));
    }

    /** Control characters and quotes would let a caller forge or split log lines. */
    private static String printable(String text) {
        if (text == null || text.isEmpty()) {
            return "-";
        }
        String bounded = text.length() > 200 ? text.substring(0, 200) : text;
        return UNPRINTABLE.matcher(bounded).replaceAll("?");
    }
}
