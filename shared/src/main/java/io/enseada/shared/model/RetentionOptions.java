package io.enseada.shared.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a repository's retention removes, evaluated before each garbage collection. Every key is
 * off when absent; which keys a repository may set depends on its format and kind
 * ({@link #requireApplies}), so a policy cannot silently do nothing.
 *
 * @param keepTags                oci: the newest N tags of each image are kept, older ones removed
 * @param keepTagPatterns         oci: tags matching one of these globs ({@code *} any run of
 *                                characters) are always kept
 * @param tagsOlderThan           oci: tags pushed longer ago than this are removed
 * @param untaggedOlderThan       oci: manifests without a tag, pushed longer ago than this, are
 *                                removed (never one an index or a kept manifest needs)
 * @param keepSnapshots           maven: the newest N timestamped builds of each snapshot version
 * @param snapshotsOlderThan      maven: snapshot builds deployed longer ago than this are removed
 *                                (the newest build of each snapshot version always stays)
 * @param removeReleasedSnapshots maven: a snapshot version goes entirely once its release is here
 * @param versionsOlderThan       npm: versions published longer ago than this are removed unless a
 *                                dist-tag points at them
 * @param unusedFor               proxy: cached items nobody requested for this long are evicted
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RetentionOptions(
        Integer keepTags,
        List<String> keepTagPatterns,
        Duration tagsOlderThan,
        Duration untaggedOlderThan,
        Integer keepSnapshots,
        Duration snapshotsOlderThan,
        Boolean removeReleasedSnapshots,
        Duration versionsOlderThan,
        Duration unusedFor) {
    public static final int MAX_KEEP = 100_000;
    public static final int MAX_PATTERNS = 32;
    /** A bound far beyond anyone's meaning that keeps {@code now - duration} far from overflow. */
    public static final Duration LONGEST = Duration.ofDays(36_500);

    public RetentionOptions {
        count("keepTags", keepTags);
        count("keepSnapshots", keepSnapshots);
        duration("tagsOlderThan", tagsOlderThan);
        duration("untaggedOlderThan", untaggedOlderThan);
        duration("snapshotsOlderThan", snapshotsOlderThan);
        duration("versionsOlderThan", versionsOlderThan);
        duration("unusedFor", unusedFor);
        if (keepTagPatterns != null) {
            if (keepTagPatterns.size() > MAX_PATTERNS) {
                throw new IllegalArgumentException(
                        "retention.keepTagPatterns may hold at most " + MAX_PATTERNS + " patterns");
            }
            for (String pattern : keepTagPatterns) {
                if (pattern == null || pattern.isEmpty() || pattern.length() > 128) {
                    throw new IllegalArgumentException(
                            "retention.keepTagPatterns: each pattern is 1 to 128 characters");
                }
            }
            keepTagPatterns = List.copyOf(keepTagPatterns);
        }
    }

    private static void count(String key, Integer value) {
        if (value != null && (value < 1 || value > MAX_KEEP)) {
            throw new IllegalArgumentException(
                    "retention." + key + " must be between 1 and " + MAX_KEEP + ", not " + value);
        }
    }

    private static void duration(String key, Duration value) {
        if (value != null && (value.isNegative() || value.isZero() || value.compareTo(LONGEST) > 0)) {
            throw new IllegalArgumentException(
                    "retention." + key + " must be a duration above PT0S and at most P36500D, not " + value);
        }
    }

    /** Whether a tag is kept whatever its age and rank. */
    public boolean keepsTag(String tag) {
        return keepTagPatterns != null
                && keepTagPatterns.stream()
                        .anyMatch(pattern -> Glob.name(pattern).matches(tag));
    }

    @JsonIgnore
    public boolean isEmpty() {
        return keys().isEmpty();
    }

    /** The keys this policy sets, in declaration order. */
    @JsonIgnore
    public List<String> keys() {
        List<String> keys = new ArrayList<>();
        add(keys, "keepTags", keepTags);
        add(keys, "keepTagPatterns", keepTagPatterns);
        add(keys, "tagsOlderThan", tagsOlderThan);
        add(keys, "untaggedOlderThan", untaggedOlderThan);
        add(keys, "keepSnapshots", keepSnapshots);
        add(keys, "snapshotsOlderThan", snapshotsOlderThan);
        add(keys, "removeReleasedSnapshots", removeReleasedSnapshots);
        add(keys, "versionsOlderThan", versionsOlderThan);
        add(keys, "unusedFor", unusedFor);
        return keys;
    }

    private static void add(List<String> keys, String key, Object value) {
        if (value != null) {
            keys.add(key);
        }
    }

    /**
     * Refuses a key that does nothing for this repository: the OCI keys outside hosted oci, the
     * snapshot keys outside hosted maven repositories that take snapshots, versionsOlderThan outside
     * hosted npm, unusedFor outside proxies; a group has nothing of its own to retain.
     */
    void requireApplies(String repository, Format format, RepositoryKind kind, MavenOptions maven) {
        for (String key : keys()) {
            String where = switch (key) {
                case "keepTags", "keepTagPatterns", "tagsOlderThan", "untaggedOlderThan" ->
                    format == Format.OCI && kind == RepositoryKind.HOSTED ? null : "hosted oci repositories";
                case "keepSnapshots", "snapshotsOlderThan", "removeReleasedSnapshots" ->
                    format == Format.MAVEN
                                    && kind == RepositoryKind.HOSTED
                                    && maven.versionPolicy() != VersionPolicy.RELEASE
                            ? null
                            : "hosted maven repositories whose versionPolicy is snapshot or mixed";
                case "versionsOlderThan" ->
                    format == Format.NPM && kind == RepositoryKind.HOSTED ? null : "hosted npm repositories";
                default -> kind == RepositoryKind.PROXY ? null : "proxy repositories";
            };
            if (where != null) {
                throw new IllegalArgumentException("repository " + repository + ": retention." + key
                        + " applies only to " + where + ", not to this " + kind.wireName() + " "
                        + format.wireName() + " repository");
            }
        }
    }
}
