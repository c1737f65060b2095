package io.enseada.registry.maven;

import io.enseada.shared.model.RetentionOptions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which timestamped builds of one snapshot version {@code keepSnapshots} and
 * {@code snapshotsOlderThan} remove. Pure, so that a plan and its re-check when it is applied
 * decide alike. A build's time is the one its version spells ({@code 1.0-20261201.101010-7}, UTC),
 * which is what Maven itself orders by; a build whose timestamp is no date is never removed by age.
 */
final class SnapshotRules {
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuuMMdd.HHmmss").withResolverStyle(ResolverStyle.STRICT);
    static final Comparator<Build> NEWEST_FIRST = Comparator.comparing(Build::timestamp)
            .thenComparingInt(Build::buildNumber)
            .reversed();

    private SnapshotRules() {}

    /** One timestamped build: every file whose name spells {@code value}. */
    record Build(String value, String timestamp, int buildNumber) {}

    static Optional<Instant> deployed(String timestamp) {
        try {
            return Optional.of(LocalDateTime.parse(timestamp, TIMESTAMP).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * The builds the policy removes at {@code now}, oldest first, each with its reason. The newest
     * build — by timestamp, and by build number, which the metadata's {@code <snapshot>} names —
     * always stays, so a snapshot version always resolves.
     */
    static Map<Build, String> removed(List<Build> builds, RetentionOptions policy, Instant now) {
        List<Build> newestFirst = new ArrayList<>(builds);
        newestFirst.sort(NEWEST_FIRST);
        Build highestNumber =
                builds.stream().max(Comparator.comparingInt(Build::buildNumber)).orElse(null);
        Instant cutoff = policy.snapshotsOlderThan() == null ? null : now.minus(policy.snapshotsOlderThan());
        Map<Build, String> removed = new LinkedHashMap<>();
        for (int i = newestFirst.size() - 1; i >= 1; i--) {
            Build build = newestFirst.get(i);
            if (build.equals(highestNumber)) {
                continue;
            }
            String reason = null;
            if (policy.keepSnapshots() != null && i >= policy.keepSnapshots()) {
                reason = "keepSnapshots: " + ordinal(i + 1) + " newest of " + newestFirst.size() + " builds, "
                        + policy.keepSnapshots() + " kept";
            } else if (cutoff != null) {
                Optional<Instant> at = deployed(build.timestamp());
                if (at.isPresent() && at.get().isBefore(cutoff)) {
                    reason = "snapshotsOlderThan: deployed " + at.get() + ", more than "
                            + written(policy.snapshotsOlderThan()) + " ago";
                }
            }
            if (reason != null) {
                removed.put(build, reason);
            }
        }
        return removed;
    }

    /** A duration as the policy is written: {@code P30D} rather than {@code PT720H}. */
    static String written(Duration duration) {
        return duration.toSeconds() % 86_400 == 0 ? "P" + duration.toDays() + "D" : duration.toString();
    }

    private static String ordinal(int n) {
        int mod100 = n % 100;
        String suffix = mod100 >= 11 && mod100 <= 13
                ? "th"
                : switch (n % 10) {
                    case 1 -> "st";
                    case 2 -> "nd";
                    case 3 -> "rd";
                    default -> "th";
                };
        return n + suffix;
    }
}
