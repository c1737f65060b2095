package io.enseada.registry.lifecycle;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What retention removed from one repository in a run (in a dry run: would remove).
 *
 * @param removed removals applied (dry run: planned)
 * @param skipped removals left alone because what they were planned on changed meanwhile (a tag
 *                re-pushed, a version published): the next run plans them again
 * @param items   the first {@link Retention#ITEMS_SHOWN} removals, in the order they were planned
 * @param error   why the repository's retention could not be planned or applied, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RetentionReport(
        String repository, String format, int removed, int skipped, List<Item> items, String error) {

    /** One removal: its kind ({@code tag}, {@code manifest}, {@code snapshot}, {@code version}, {@code cached}). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Item(String kind, String item, String reason) {}
}
