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
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every write — push, deploy, publish, delete, token and policy change — recorded with who, what,
 * when and from where. Ids count down in time so that a prefix scan returns the newest first.
 */
public final class AuditLog {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

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

    private Entry entry(Document document) {
        return new Entry(document.id(), json.convertValue(document.body(), AuditRecord.class));
    }
}
