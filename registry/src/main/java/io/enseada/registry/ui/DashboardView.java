package io.enseada.registry.ui;

import io.enseada.registry.repository.PackageBrowser;
import java.util.List;

/** The dashboard: the repositories the user may read, by format, and what was pushed last. */
public record DashboardView(List<FormatSection> sections, List<PackageBrowser.Hit> recent) {

    public record FormatSection(String format, String label, List<RepositoryRow> repositories) {}

    public record RepositoryRow(String name, String kind, String visibility, int packages, long bytes) {}
}
