package io.enseada.registry.ui;

import io.enseada.registry.repository.PackageBrowser;
import java.util.List;

/** Search results across the repositories the user may read. */
public record SearchView(String query, List<PackageBrowser.Hit> hits) {

    public String link(PackageBrowser.Hit hit) {
        return "/ui/repositories/" + Text.path(hit.repository()) + "/"
                + Text.path(hit.item().name());
    }
}
