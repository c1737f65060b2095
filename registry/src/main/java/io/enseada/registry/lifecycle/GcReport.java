package io.enseada.registry.lifecycle;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * What one collection found and freed (or, in a dry run, would free).
 *
 * @param examinedBlobs  blobs the store listed
 * @param keptBlobs      of them, those something keeps
 * @param protectedBlobs unkept ones stored within the grace period, left for a later run
 * @param sparedBlobs    unkept at the start, kept again before their deletion (a push meanwhile)
 * @param freedBlobs     deleted (dry run: would be)
 * @param byRepository   what is freed per repository and format; repository and format are null
 *                       for blobs that nothing names any more (deleted files and tarballs)
 * @param retention      what each repository's retention removed before the collection (dry run:
 *                       would remove; its freed bytes are counted above)
 * @param largest        the largest freed blobs, at most ten
 * @param markMillis     how long listing the store and marking what is kept took
 * @param sweepMillis    how long the deleting phase took (dooming, the settle, the second mark,
 *                       claims and deletes); null in a dry run and when nothing was due
 * @param uploadsPurged  abandoned upload sessions removed; null in a dry run
 * @param error          why the run stopped early, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GcReport(
        String id,
        boolean dryRun,
        String replica,
        Instant started,
        Instant finished,
        long examinedBlobs,
        long keptBlobs,
        long protectedBlobs,
        long sparedBlobs,
        long freedBlobs,
        long freedBytes,
        List<Share> byRepository,
        List<RetentionReport> retention,
        List<Item> largest,
        Long markMillis,
        Long sweepMillis,
        Integer uploadsPurged,
        String error) {

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Share(String repository, String format, long blobs, long bytes) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Item(String digest, long size, String repository, String format) {}
}
