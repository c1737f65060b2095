package io.enseada.operator.repository;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.enseada.operator.common.IsoDurations;
import io.enseada.shared.model.RetentionOptions;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.time.Duration;
import java.util.List;

/**
 * A Repository's {@code retention}: the keys of {@link RetentionOptions}, durations as the ISO-8601
 * text the resource holds. Which keys a repository may set is checked by the API server
 * ({@link RepositoryResourceSpec}'s rules) and again by the model when the document is built.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RetentionSpec(
        @Min(1)
        @Max(RetentionOptions.MAX_KEEP)
        @JsonPropertyDescription("oci: the newest N tags of each image are kept, older ones removed.")
        Integer keepTags,

        @Size(max = RetentionOptions.MAX_PATTERNS)
        @JsonPropertyDescription(
                "oci: tags matching one of these globs (* any run of characters) are always kept, e.g. latest, v*.")
        List<@Size(min = 1, max = MAX_PATTERN_LENGTH) String> keepTagPatterns,

        @Pattern(IsoDurations.PATTERN)
        @Size(max = MAX_DURATION_LENGTH)
        @JsonPropertyDescription("oci: ISO-8601 duration; tags pushed longer ago than this are removed.")
        String tagsOlderThan,

        @Pattern(IsoDurations.PATTERN)
        @Size(max = MAX_DURATION_LENGTH)
        @JsonPropertyDescription(
                "oci: ISO-8601 duration; manifests without a tag pushed longer ago than this are removed (never one an index or a kept manifest needs).")
        String untaggedOlderThan,

        @Min(1)
        @Max(RetentionOptions.MAX_KEEP)
        @JsonPropertyDescription("maven: the newest N timestamped builds of each snapshot version are kept.")
        Integer keepSnapshots,

        @Pattern(IsoDurations.PATTERN)
        @Size(max = MAX_DURATION_LENGTH)
        @JsonPropertyDescription(
                "maven: ISO-8601 duration; snapshot builds deployed longer ago than this are removed (the newest build of each snapshot version stays).")
        String snapshotsOlderThan,

        @JsonPropertyDescription("maven: a snapshot version goes entirely once its release is in the repository.")
        Boolean removeReleasedSnapshots,

        @Pattern(IsoDurations.PATTERN)
        @Size(max = MAX_DURATION_LENGTH)
        @JsonPropertyDescription(
                "npm: ISO-8601 duration; versions published longer ago than this are removed unless a dist-tag points at them.")
        String versionsOlderThan,

        @Pattern(IsoDurations.PATTERN)
        @Size(max = MAX_DURATION_LENGTH)
        @JsonPropertyDescription("proxy: ISO-8601 duration; cached items nobody requested for this long are evicted.")
        String unusedFor) {

    static final int MAX_PATTERN_LENGTH = 128;
    /** Far beyond any duration the model accepts (P36500D); bounds what the API server stores. */
    static final int MAX_DURATION_LENGTH = 64;

    /**
     * @throws IllegalArgumentException a value the model refuses, worded as the model words it
     */
    RetentionOptions options() {
        return new RetentionOptions(
                keepTags,
                keepTagPatterns,
                duration("tagsOlderThan", tagsOlderThan),
                duration("untaggedOlderThan", untaggedOlderThan),
                keepSnapshots,
                duration("snapshotsOlderThan", snapshotsOlderThan),
                removeReleasedSnapshots,
                duration("versionsOlderThan", versionsOlderThan),
                duration("unusedFor", unusedFor));
    }

    private static Duration duration(String key, String text) {
        if (text == null) {
            return null;
        }
        try {
            // zero passes here so that the model's own message refuses it
            return IsoDurations.parseAllowingZero(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("retention." + key + ": " + e.getMessage());
        }
    }
}
