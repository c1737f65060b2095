package io.enseada.operator.common;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events about the Enseada resources, so that {@code kubectl describe} tells what
 * happened: tokens issued, rotated and revoked, purges, and every condition that changed for the
 * worse or recovered. Notes never carry a secret. An event that cannot be written is logged and
 * forgotten: it must not fail a reconcile.
 */
public final class EventRecorder {
    public static final String NORMAL = "Normal";
    public static final String WARNING = "Warning";
    private static final String CONTROLLER = "enseada.io/operator";
    private static final int NOTE_LIMIT = 1024;
    /**
     * Reasons of a condition that is not True yet on its way, not in trouble: a rollout, a purge, a
     * claim that binds when the first pod uses it.
     */
    private static final Set<String> UNDER_WAY = Set.of("Progressing", "WaitingForRegistry", "ClaimPending");

    private static final DateTimeFormatter MICRO_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

    private final KubernetesClient client;
    private final String instance;
    private final Clock clock;

    /** @param instance this operator replica, as events name their reporter */
    public EventRecorder(KubernetesClient client, String instance, Clock clock) {
        this.client = client;
        this.instance = instance;
        this.clock = clock;
    }

    public void normal(HasMetadata regarding, String reason, String action, String note) {
        record(regarding, NORMAL, reason, action, note);
    }

    public void warning(HasMetadata regarding, String reason, String action, String note) {
        record(regarding, WARNING, reason, action, note);
    }

    /**
     * One event per condition (Ready aside, which repeats the others) that turned False or
     * Unknown (a Warning, or Normal when it is merely under way), or became True again after it
     * was not (Normal). A condition that is True from the start says nothing new.
     */
    public void conditionChanges(HasMetadata regarding, List<Condition> before, List<Condition> after) {
        for (Condition condition : after) {
            if (Conditions.READY.equals(condition.getType())) {
                continue;
            }
            Optional<Condition> previous = Conditions.find(before, condition.getType());
            if (previous.map(p -> p.getStatus().equals(condition.getStatus())).orElse(false)) {
                continue;
            }
            boolean holds = Conditions.TRUE.equals(condition.getStatus());
            if (holds && previous.isPresent()) {
                normal(regarding, condition.getReason(), condition.getType(), condition.getMessage());
            } else if (!holds) {
                record(
                        regarding,
                        UNDER_WAY.contains(condition.getReason()) ? NORMAL : WARNING,
                        condition.getReason(),
                        condition.getType(),
                        condition.getMessage());
            }
        }
    }

    private void record(HasMetadata regarding, String type, String reason, String action, String note) {
        String namespace = regarding.getMetadata().getNamespace();
        Event event = new EventBuilder()
                .withNewMetadata()
                .withName(regarding.getMetadata().getName() + "." + Long.toHexString(clock.millis())
                        + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000)))
                .withNamespace(namespace)
                .endMetadata()
                .withRegarding(new ObjectReferenceBuilder()
                        .withApiVersion(regarding.getApiVersion())
                        .withKind(regarding.getKind())
                        .withName(regarding.getMetadata().getName())
                        .withNamespace(namespace)
                        .withUid(regarding.getMetadata().getUid())
                        .build())
                .withType(type)
                .withReason(reason)
                .withAction(action)
                .withNote(note == null || note.length() <= NOTE_LIMIT ? note : note.substring(0, NOTE_LIMIT))
                .withEventTime(new MicroTime(MICRO_TIME.format(clock.instant())))
                .withReportingController(CONTROLLER)
                .withReportingInstance(instance)
                .build();
        try {
            client.events().v1().events().inNamespace(namespace).resource(event).create();
        } catch (KubernetesClientException e) {
            LOG.warn(
                    "could not record event {} about {} {}/{}: HTTP {}",
                    reason,
                    regarding.getKind(),
                    namespace,
                    regarding.getMetadata().getName(),
                    e.getCode());
        }
    }
}
