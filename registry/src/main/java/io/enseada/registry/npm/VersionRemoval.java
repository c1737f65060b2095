package io.enseada.registry.npm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Versions leaving a packument, whoever removes them (a user's unpublish, retention): their
 * tarballs go with them, no dist-tag is left pointing at nothing, {@code latest} stays while a
 * version is left, and a package left without versions reads as unpublished. Their times stay,
 * as npm keeps them: the version numbers remain used.
 */
final class VersionRemoval {
    private VersionRemoval() {}

    /** @param wantedLatest the version {@code latest} should move to when it pointed at a removed one, or null */
    static StoredPackument withoutVersions(
            StoredPackument doc, Collection<String> removed, String wantedLatest, String now) {
        doc.removeVersions(removed);
        Map<String, ObjectNode> versions = doc.versions();
        ArrayList<String> stale = new ArrayList<>();
        doc.distTags().forEach((tag, version) -> {
            if (!versions.containsKey(version)) {
                stale.add(tag);
            }
        });
        stale.forEach(doc::untag);
        if (!versions.isEmpty() && !doc.distTags().containsKey(StoredPackument.LATEST)) {
            doc.tag(
                    StoredPackument.LATEST,
                    wantedLatest != null && versions.containsKey(wantedLatest)
                            ? wantedLatest
                            : highest(versions.keySet()));
        }
        if (versions.isEmpty()) {
            doc.markUnpublished(now, new ArrayList<>(removed));
        }
        return doc.changed(now);
    }

    /** The highest release, or the highest prerelease when there is no release. */
    static String highest(Set<String> versions) {
        TreeSet<String> all = new TreeSet<>(Semver.ORDER);
        all.addAll(versions);
        return all.stream()
                .filter(v -> !Semver.prerelease(v))
                .reduce((a, b) -> b)
                .orElse(all.last());
    }
}
