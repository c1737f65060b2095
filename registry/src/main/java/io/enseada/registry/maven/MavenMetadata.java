package io.enseada.registry.maven;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.apache.maven.artifact.versioning.ComparableVersion;

/**
 * The server's view of one directory's {@code maven-metadata.xml}, as its document keeps it. It is
 * built from what was deployed: the versions of an artifact, the builds of a snapshot version, and
 * the plugins of a group (which only the client's upload can tell). Every change re-renders the XML
 * and its checksums, so a client always reads bytes and checksums of the same revision.
 *
 * <p>Every method is pure: the document store may run a change more than once.
 *
 * @param version    set for a snapshot version's metadata
 * @param versions   an artifact's versions, in Maven's version order
 * @param builds     every timestamped (or plain) file of a snapshot version
 * @param xml        the rendered {@code maven-metadata.xml}
 * @param checksums  the checksums of {@code xml}'s UTF-8 bytes
 */
public record MavenMetadata(
        String groupId,
        String artifactId,
        String version,
        List<String> versions,
        List<SnapshotBuild> builds,
        List<Plugin> plugins,
        String lastUpdated,
        String xml,
        Checksums checksums) {
    static final Comparator<String> VERSION_ORDER = Comparator.comparing(ComparableVersion::new);

    public MavenMetadata {
        versions = versions == null ? List.of() : List.copyOf(versions);
        builds = builds == null ? List.of() : List.copyOf(builds);
        plugins = plugins == null ? List.of() : List.copyOf(plugins);
    }

    /**
     * One file of a snapshot version.
     *
     * @param value       the version in the file name, e.g. {@code 1.0-20250101.120000-3}
     * @param classifier  null when none
     */
    public record SnapshotBuild(
            String classifier, String extension, String value, String timestamp, int buildNumber, String updated) {
        boolean sameFile(SnapshotBuild other) {
            return Objects.equals(classifier, other.classifier)
                    && extension.equals(other.extension)
                    && value.equals(other.value);
        }
    }

    /** A plugin of a plugin group. */
    public record Plugin(String name, String prefix, String artifactId) {}

    static MavenMetadata empty() {
        return new MavenMetadata(null, null, null, List.of(), List.of(), List.of(), null, null, null);
    }

    @JsonIgnore
    boolean isEmpty() {
        return versions.isEmpty() && builds.isEmpty() && plugins.isEmpty();
    }

    MavenMetadata withVersion(String groupId, String artifactId, String version, String now) {
        if (versions.contains(version)) {
            return this;
        }
        List<String> more = new ArrayList<>(versions);
        more.add(version);
        more.sort(VERSION_ORDER);
        return new MavenMetadata(groupId, artifactId, this.version, more, builds, plugins, now, null, null).rendered();
    }

    MavenMetadata withoutVersion(String version, String now) {
        if (!versions.contains(version)) {
            return this;
        }
        List<String> fewer = new ArrayList<>(versions);
        fewer.remove(version);
        return new MavenMetadata(groupId, artifactId, this.version, fewer, builds, plugins, now, null, null).rendered();
    }

    MavenMetadata withBuild(String groupId, String artifactId, String version, SnapshotBuild build) {
        List<SnapshotBuild> more = new ArrayList<>(builds);
        more.removeIf(build::sameFile);
        more.add(build);
        return new MavenMetadata(groupId, artifactId, version, versions, more, plugins, build.updated(), null, null)
                .rendered();
    }

    MavenMetadata withoutBuilds(Predicate<SnapshotBuild> gone, String now) {
        List<SnapshotBuild> fewer = new ArrayList<>(builds);
        if (!fewer.removeIf(gone)) {
            return this;
        }
        return new MavenMetadata(groupId, artifactId, version, versions, fewer, plugins, now, null, null).rendered();
    }

    /** Adds the plugins the client named, replacing an entry of the same artifactId. */
    MavenMetadata withPlugins(List<Plugin> added, String now) {
        Map<String, Plugin> byArtifact = new LinkedHashMap<>();
        plugins.forEach(plugin -> byArtifact.put(plugin.artifactId(), plugin));
        added.forEach(plugin -> byArtifact.put(plugin.artifactId(), plugin));
        List<Plugin> merged = List.copyOf(byArtifact.values());
        if (merged.equals(plugins)) {
            return this;
        }
        return new MavenMetadata(groupId, artifactId, version, versions, builds, merged, now, null, null).rendered();
    }

    MavenMetadata withoutPlugin(String artifactId, String now) {
        List<Plugin> fewer = new ArrayList<>(plugins);
        if (!fewer.removeIf(plugin -> plugin.artifactId().equals(artifactId))) {
            return this;
        }
        return new MavenMetadata(groupId, this.artifactId, version, versions, builds, fewer, now, null, null)
                .rendered();
    }

    /**
     * What a group shows for a directory its members each describe: every version and plugin of
     * any member, the newest {@code lastUpdated} of them (not the time of the request, so that the
     * XML and its checksum file, fetched one after the other, agree).
     */
    static MavenMetadata merged(List<MetadataXml.Uploaded> members) {
        List<String> versions = new ArrayList<>();
        Map<String, Plugin> plugins = new LinkedHashMap<>();
        String groupId = null;
        String artifactId = null;
        String lastUpdated = null;
        for (MetadataXml.Uploaded member : members) {
            groupId = groupId == null ? member.groupId() : groupId;
            artifactId = artifactId == null ? member.artifactId() : artifactId;
            member.versions().stream().filter(v -> !versions.contains(v)).forEach(versions::add);
            member.plugins().forEach(plugin -> plugins.putIfAbsent(plugin.artifactId(), plugin));
            if (member.lastUpdated() != null
                    && (lastUpdated == null || member.lastUpdated().compareTo(lastUpdated) > 0)) {
                lastUpdated = member.lastUpdated();
            }
        }
        versions.sort(VERSION_ORDER);
        return new MavenMetadata(
                        groupId,
                        artifactId,
                        null,
                        versions,
                        List.of(),
                        List.copyOf(plugins.values()),
                        lastUpdated,
                        null,
                        null)
                .rendered();
    }

    /** The newest version, snapshots included. */
    @JsonIgnore
    String latest() {
        return versions.isEmpty() ? null : versions.get(versions.size() - 1);
    }

    /** The newest release version, or null. */
    @JsonIgnore
    String release() {
        for (int i = versions.size() - 1; i >= 0; i--) {
            if (!ArtifactFile.isSnapshot(versions.get(i))) {
                return versions.get(i);
            }
        }
        return null;
    }

    /** The build with the highest build number, or null when only plain SNAPSHOT files exist. */
    @JsonIgnore
    SnapshotBuild newestBuild() {
        return builds.stream()
                .filter(build -> build.buildNumber() > 0)
                .max(Comparator.comparingInt(SnapshotBuild::buildNumber).thenComparing(SnapshotBuild::timestamp))
                .orElse(null);
    }

    /** The newest file per classifier and extension, in a stable order. */
    @JsonIgnore
    List<SnapshotBuild> newestPerFile() {
        Map<String, SnapshotBuild> newest = new LinkedHashMap<>();
        for (SnapshotBuild build : builds) {
            String key = build.classifier() + ":" + build.extension();
            SnapshotBuild seen = newest.get(key);
            if (seen == null
                    || build.buildNumber() > seen.buildNumber()
                    || build.buildNumber() == seen.buildNumber()
                            && build.updated().compareTo(seen.updated()) > 0) {
                newest.put(key, build);
            }
        }
        return newest.values().stream()
                .sorted(Comparator.comparing(
                                (SnapshotBuild build) -> build.classifier() == null ? "" : build.classifier())
                        .thenComparing(SnapshotBuild::extension))
                .toList();
    }

    private MavenMetadata rendered() {
        String rendered = MetadataXml.render(this);
        return new MavenMetadata(
                groupId,
                artifactId,
                version,
                versions,
                builds,
                plugins,
                lastUpdated,
                rendered,
                Checksums.of(rendered.getBytes(StandardCharsets.UTF_8)));
    }
}
