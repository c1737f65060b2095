package io.enseada.registry.ui;

import io.enseada.registry.lifecycle.GcReport;
import java.util.List;

/**
 * What the repositories hold, the recent collections, and the report of the one just asked for.
 *
 * @param report the collection (or dry run) this page answers, or null
 * @param error why it could not run, or null
 */
public record StorageView(List<Row> repositories, List<GcReport> recent, GcReport report, String error) {

    /** @param quota the quota in bytes, or null when the repository has none */
    public record Row(String name, String format, long items, long bytes, Long quota) {}
}
