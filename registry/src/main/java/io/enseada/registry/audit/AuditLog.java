package io.enseada.registry.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.access.Principal;
import io.enseada.shared.model.AuditRecord;
import io.enseada.shared.model.DocumentIds;
import io.enseada.shared.store.Document;
import io.enseada.shared.store.DocumentStore;
import io.enseada.shared.store.Page;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every write — push, deploy, publish, delete, token and policy change — recorded with who, what,
 * when and from where. Ids count down in time so that a prefix scan returns the newest first.
 */
public final class AuditLog {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    /** How many entries one search reads at most, and per page. */
    static final int SEARCH_SCAN = 5000;

    private static final int SEARCH_PAGE = 500;

    private final DocumentStore store;
    private final ObjectMapper json;
    private final Clock clock;
    private final SecureRandom random;

    public AuditLog(DocumentStore store, ObjectMapper json, Clock clock, SecureRandom random) {
        this.store = store;
        this.json = json;
        this.clock = clock;
        this.random = random;
    }

    public record Entry(String id, AuditRecord record) {}

    public record Listing(List<Entry> entries, String next) {}

    /** A change that succeeded. */
    public void record(Actor actor, String action, String target) {
        record(actor.principal(), action, target, actor.address(), "ok");
    }

    public void record(Principal actor, String action, String target, String source, String outcome) {
        record(actor.subject(), action, target, source, outcome);
    }

    /** A change the registry made on its own or for {@code subject} (a retention removal). */
    public void record(String subject, String action, String target, String source, String outcome) {
        Instant now = clock.instant();
        AuditRecord record = new AuditRecord(now, subject, action, target, source, outcome);
        byte[] suffix = new byte[4];
        random.nextBytes(suffix);
        String id = DocumentIds.AUDIT_PREFIX + String.format("%019d", Long.MAX_VALUE - now.toEpochMilli()) + "-"
                + HexFormat.of().formatHex(suffix);
        try {
            store.put(id, null, (ObjectNode) json.valueToTree(record));
        } catch (RuntimeException e) {
            // The write itself already happened; losing its audit entry must not fail it, but must show.
            LOG.error("could not record audit entry {} {} by {}: {}", action, target, subject, e.getMessage());
        }
    }

    /** Newest first. */
    public Listing list(String after, int limit) {
        Page page = store.list(DocumentIds.AUDIT_PREFIX, after, limit);
        List<Entry> entries = page.documents().stream().map(this::entry).toList();
        return new Listing(entries, page.next());
    }

    /**
     * Newest first, only the entries {@code filter} matches. Reads at most {@link #SEARCH_SCAN}
     * entries per call, so a rare match costs a few pages, never the whole log at once: a listing
     * may then hold fewer than {@code limit} entries and still have a {@code next}.
     */
    public Listing search(Filter filter, String after, int limit) {
        if (filter.isEmpty()) {
            return list(after, limit);
        }
        List<Entry> matches = new ArrayList<>();
        String cursor = after;
        int examined = 0;
        while (true) {
            Page page = store.list(DocumentIds.AUDIT_PREFIX, cursor, SEARCH_PAGE);
            for (Document document : page.documents()) {
                Entry entry = entry(document);
                examined++;
                cursor = document.id();
                if (filter.matches(entry.record())) {
                    matches.add(entry);
                    if (matches.size() == limit) {
                        return new Listing(matches, page.next() == null && document == last(page) ? null : cursor);
                    }
                }
                if (examined == SEARCH_SCAN) {
                    return new Listing(matches, page.next() == null && document == last(page) ? null : cursor);
                }
            }
            if (page.next() == null) {
                return new Listing(matches, null);
            }
            cursor = page.next();
        }
    }

    private static Document last(Page page) {
        return page.documents().get(page.documents().size() - 1);
    }

    /**
     * Which entries a search keeps; a null or blank field matches every entry.
     *
     * @param who the actor, as a subject ({@code user:alice}) or a bare name ({@code alice})
     * @param action the start of the action: {@code oci.} or {@code user.create}
     * @param repository a repository named by the target as a whole name ({@code team} matches
     *     {@code team/app@sha256:…} and {@code npm:team/left-pad}, not {@code team-images/app})
     */
    public record Filter(String who, String action, String repository) {
        public Filter {
            who = blankToNull(who);
            action = blankToNull(action);
            repository = blankToNull(repository);
        }

        public boolean isEmpty() {
            return who == null && action == null && repository == null;
        }

        boolean matches(AuditRecord record) {
            return (who == null || who.equals(record.actor()) || (":" + who).equals(tail(record.actor())))
                    && (action == null
                            || (record.action() != null && record.action().startsWith(action)))
                    && (repository == null || names(record.target(), repository));
        }

        private static String tail(String actor) {
            return actor == null || actor.indexOf(':') < 0 ? null : actor.substring(actor.indexOf(':'));
        }

        private static boolean names(String target, String repository) {
            return target != null
                    && Pattern.compile("(^|[\\s:])" + Pattern.quote(repository) + "($|[/@:\\s])")
                            .matcher(target)
                            .find();
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value.trim();
        }
    }

    private Entry entry(Document document) {
        return new Entry(document.id(), json.convertValue(document.body(), AuditRecord.class));
    }
}
