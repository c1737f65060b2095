package io.enseada.registry.oci;

import io.enseada.registry.storage.Digest;
import io.enseada.shared.model.RetentionOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A hosted repository's retention rules applied to one image, on what its documents say and
 * nothing else, so that the rules read (and are tested) apart from the store.
 *
 * <ul>
 *   <li>A tag matching {@code keepTagPatterns} always stays; the others are ranked newest first,
 *       and a tag goes when {@code keepTags} or {@code tagsOlderThan} removes it (either is
 *       enough). The patterns' tags take no place among the newest N.
 *   <li>A manifest goes under {@code untaggedOlderThan} when no remaining tag points at it, it was
 *       pushed longer ago, and no manifest that stays needs it: neither an index listing it nor a
 *       manifest it refers to as its subject.
 *   <li>A tag or manifest without a time (written before times were recorded) stays, and takes no
 *       place among the newest N.
 * </ul>
 */
final class ImageRetention {

    record TagFact(Tag tag, Digest manifest, Instant pushed) {}

    /** @param children what an index lists; @param subject what the manifest refers to, or null */
    record ManifestFact(Digest digest, Instant pushed, List<Digest> children, Digest subject) {}

    record Verdict<T>(T fact, String reason) {}

    /** What goes: tags first, then manifests with every manifest before those it refers to. */
    record Decision(List<Verdict<TagFact>> tags, List<Verdict<ManifestFact>> manifests) {}

    private ImageRetention() {}

    static Decision decide(RetentionOptions options, List<TagFact> tags, List<ManifestFact> manifests, Instant now) {
        List<Verdict<TagFact>> goneTags = tags(options, tags, now);
        Set<Tag> gone = new HashSet<>();
        goneTags.forEach(verdict -> gone.add(verdict.fact().tag()));
        Set<Digest> tagged = new HashSet<>();
        tags.stream().filter(tag -> !gone.contains(tag.tag())).forEach(tag -> tagged.add(tag.manifest()));
        List<Verdict<ManifestFact>> goneManifests =
                options.untaggedOlderThan() == null ? List.of() : manifests(options, manifests, tagged, now);
        return new Decision(goneTags, goneManifests);
    }

    private static List<Verdict<TagFact>> tags(RetentionOptions options, List<TagFact> tags, Instant now) {
        List<TagFact> ranked = tags.stream()
                .filter(tag ->
                        tag.pushed() != null && !options.keepsTag(tag.tag().value()))
                .sorted(Comparator.comparing(TagFact::pushed)
                        .reversed()
                        .thenComparing(tag -> tag.tag().value()))
                .toList();
        Instant cutoff = options.tagsOlderThan() == null ? null : now.minus(options.tagsOlderThan());
        List<Verdict<TagFact>> gone = new ArrayList<>();
        for (int i = 0; i < ranked.size(); i++) {
            TagFact tag = ranked.get(i);
            if (options.keepTags() != null && i >= options.keepTags()) {
                gone.add(
                        new Verdict<>(tag, "keepTags: " + ordinal(i + 1) + " newest, " + options.keepTags() + " kept"));
            } else if (cutoff != null && tag.pushed().isBefore(cutoff)) {
                gone.add(new Verdict<>(
                        tag,
                        "tagsOlderThan: pushed " + tag.pushed() + ", over " + spelled(options.tagsOlderThan())
                                + " ago"));
            }
        }
        return gone;
    }

    private static List<Verdict<ManifestFact>> manifests(
            RetentionOptions options, List<ManifestFact> manifests, Set<Digest> tagged, Instant now) {
        Instant cutoff = now.minus(options.untaggedOlderThan());
        Map<Digest, ManifestFact> byDigest = new LinkedHashMap<>();
        manifests.forEach(manifest -> byDigest.put(manifest.digest(), manifest));
        Map<Digest, List<ManifestFact>> referrers = new LinkedHashMap<>();
        manifests.stream()
                .filter(manifest -> manifest.subject() != null)
                .forEach(manifest -> referrers
                        .computeIfAbsent(manifest.subject(), subject -> new ArrayList<>())
                        .add(manifest));
        Set<Digest> kept = new HashSet<>();
        Deque<ManifestFact> keep = new ArrayDeque<>();
        for (ManifestFact manifest : manifests) {
            if (tagged.contains(manifest.digest())
                    || manifest.pushed() == null
                    || !manifest.pushed().isBefore(cutoff)) {
                keep.add(manifest);
            }
        }
        while (!keep.isEmpty()) {
            ManifestFact manifest = keep.poll();
            if (!kept.add(manifest.digest())) {
                continue;
            }
            for (Digest child : manifest.children()) {
                if (byDigest.containsKey(child)) {
                    keep.add(byDigest.get(child));
                }
            }
            keep.addAll(referrers.getOrDefault(manifest.digest(), List.of()));
        }
        List<ManifestFact> gone = manifests.stream()
                .filter(manifest -> !kept.contains(manifest.digest()))
                .toList();
        String reason = "untaggedOlderThan: untagged, pushed over " + spelled(options.untaggedOlderThan()) + " ago";
        return referrersFirst(gone).stream()
                .map(manifest -> new Verdict<>(manifest, reason))
                .toList();
    }

    /**
     * The manifests ordered so that one goes before those it lists or refers to: were a run to stop
     * between two, no index that stays lacks a child.
     */
    private static List<ManifestFact> referrersFirst(List<ManifestFact> gone) {
        List<ManifestFact> ordered = new ArrayList<>();
        List<ManifestFact> left = new ArrayList<>(gone);
        while (!left.isEmpty()) {
            Set<Digest> needed = new HashSet<>();
            for (ManifestFact manifest : left) {
                needed.addAll(manifest.children());
                if (manifest.subject() != null) {
                    needed.add(manifest.subject());
                }
            }
            List<ManifestFact> free = left.stream()
                    .filter(manifest -> !needed.contains(manifest.digest()))
                    .toList();
            // content addressing makes a cycle impossible; should data hold one, order no further
            List<ManifestFact> next = free.isEmpty() ? List.copyOf(left) : free;
            ordered.addAll(next);
            left.removeAll(next);
        }
        return ordered;
    }

    /** A duration as it was most likely declared: {@code P7D}, not {@code PT168H}. */
    static String spelled(Duration duration) {
        return duration.toSeconds() % 86_400 == 0 && duration.getNano() == 0
                ? "P" + duration.toDays() + "D"
                : duration.toString();
    }

    static String ordinal(int n) {
        int lastTwo = n % 100;
        String suffix = lastTwo >= 11 && lastTwo <= 13
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
