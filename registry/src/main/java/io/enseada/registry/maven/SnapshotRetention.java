package io.enseada.registry.maven;

import io.enseada.registry.repository.Removal;
import io.enseada.shared.model.Format;
import io.enseada.shared.model.RepositorySpec;
import io.enseada.shared.model.RetentionOptions;
import io.enseada.shared.store.Document;
import io.enseada.shared.store.DocumentStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The retention of a hosted repository's snapshots: timestamped builds beyond
 * {@code keepSnapshots} or older than {@code snapshotsOlderThan}, and whole snapshot versions
 * whose release is here ({@code removeReleasedSnapshots}). A build goes with all of its files; the
 * metadata is rewritten as a delete rewrites it, before the files go, so that no client is offered
 * a file that is gone. Applying re-plans the version as it is then: a build that the re-plan keeps
 * (the newer builds were deleted meanwhile) or that was re-deployed, and a version that got a new
 * build, are left alone.
 */
final class SnapshotRetention {
    static final String KIND = "snapshot";
    private static final int PAGE = 200;

    private final DocumentStore documents;
    private final MetadataDocuments metadata;

    SnapshotRetention(DocumentStore documents, MetadataDocuments metadata) {
        this.documents = documents;
        this.metadata = metadata;
    }

    static boolean applies(RetentionOptions policy) {
        return policy != null
                && (policy.keepSnapshots() != null
                        || policy.snapshotsOlderThan() != null
                        || Boolean.TRUE.equals(policy.removeReleasedSnapshots()));
    }

    List<Removal> plan(RepositorySpec repository, Instant now) {
        if (!applies(repository.retention())) {
            return List.of();
        }
        String prefix = MavenDocumentIds.metadataUnder(repository.name(), MavenPath.ROOT);
        List<Removal> removals = new ArrayList<>();
        documents.scan(prefix, PAGE).forEach(document -> {
            MavenMetadata view = metadata.read(document.body());
            if (view.version() != null && ArtifactFile.isSnapshot(view.version())) {
                MavenPath directory = MavenPath.parse(document.id().substring(prefix.length()));
                removals.addAll(planVersion(repository, new Version(directory, view.version()), document, now));
            }
        });
        return removals;
    }

    private List<Removal> planVersion(
            RepositorySpec repository, Version version, Document versionMetadata, Instant now) {
        String name = repository.name();
        List<File> files = files(name, version);
        if (files.isEmpty()) {
            return List.of();
        }
        String groupArtifact = files.get(0).artifact().groupId() + ":"
                + files.get(0).artifact().artifactId();
        RetentionOptions policy = repository.retention();
        String lastUpdated = MetadataDocuments.lastUpdated(now);
        if (Boolean.TRUE.equals(policy.removeReleasedSnapshots()) && released(name, version)) {
            List<Document> gone = new ArrayList<>(documentsOf(files));
            gone.add(versionMetadata);
            List<Document> rewritten = new ArrayList<>();
            metadata.document(name, version.artifactDirectory())
                    .ifPresent(artifact -> metadata.preview(
                                    artifact, view -> view.withoutVersion(version.value(), lastUpdated))
                            .ifPresentOrElse(rewritten::add, () -> gone.add(artifact)));
            return List.of(new Removal(
                    name,
                    Format.MAVEN,
                    KIND,
                    groupArtifact + ":" + version.value(),
                    "removeReleasedSnapshots: release " + version.release() + " is in the repository",
                    gone,
                    rewritten,
                    () -> removeVersion(name, version, versionMetadata, documentsOf(files), lastUpdated)));
        }
        Map<SnapshotRules.Build, List<File>> builds = builds(files);
        List<Removal> removals = new ArrayList<>();
        Revision seen = new Revision(versionMetadata.rev());
        Document after = versionMetadata;
        for (Map.Entry<SnapshotRules.Build, String> removed :
                SnapshotRules.removed(List.copyOf(builds.keySet()), policy, now).entrySet()) {
            SnapshotRules.Build build = removed.getKey();
            UnaryOperator<MavenMetadata> change = withoutBuild(build, lastUpdated);
            // each removal reports the metadata as it is after it and every removal before it
            after = metadata.preview(after, change).orElseThrow();
            List<Document> gone = documentsOf(builds.get(build));
            removals.add(new Removal(
                    name,
                    Format.MAVEN,
                    KIND,
                    groupArtifact + ":" + build.value(),
                    removed.getValue(),
                    gone,
                    List.of(after),
                    () -> removeBuild(repository, version, build, gone, now, seen)));
        }
        return removals;
    }

    /**
     * Every deploy and delete in a version rewrites its metadata, so while its revision is the one
     * the plan (or this run's previous removal) left, only the build's own files need checking;
     * otherwise the version is planned again as it is now.
     */
    private boolean removeBuild(
            RepositorySpec repository,
            Version version,
            SnapshotRules.Build build,
            List<Document> planned,
            Instant now,
            Revision seen) {
        String name = repository.name();
        Optional<Document> current = metadata.document(name, version.directory());
        if (current.isEmpty()) {
            return false;
        }
        // once the version changed under the plan, its every later removal is planned again
        seen.changed |= !current.get().rev().equals(seen.value);
        boolean stillPlanned = !seen.changed
                ? planned.stream()
                        .allMatch(document -> documents
                                .get(document.id())
                                .filter(stored -> stored.rev().equals(document.rev()))
                                .isPresent())
                : replanned(repository, version, build, planned, now);
        if (!stillPlanned) {
            return false;
        }
        seen.value = metadata.changeDocument(
                        name, version.directory(), withoutBuild(build, MetadataDocuments.lastUpdated(now)))
                .map(Document::rev)
                .orElse(null);
        planned.forEach(document -> documents.delete(document.id(), document.rev()));
        return true;
    }

    private boolean replanned(
            RepositorySpec repository,
            Version version,
            SnapshotRules.Build build,
            List<Document> planned,
            Instant now) {
        Map<SnapshotRules.Build, List<File>> builds = builds(files(repository.name(), version));
        return builds.containsKey(build)
                && SnapshotRules.removed(List.copyOf(builds.keySet()), repository.retention(), now)
                        .containsKey(build)
                && documentsOf(builds.get(build)).equals(planned);
    }

    private boolean removeVersion(
            String name, Version version, Document versionMetadata, List<Document> planned, String lastUpdated) {
        if (!released(name, version) || !documentsOf(files(name, version)).equals(planned)) {
            return false;
        }
        metadata.change(name, version.artifactDirectory(), view -> view.withoutVersion(version.value(), lastUpdated));
        Optional<Document> current = documents.get(versionMetadata.id());
        if (current.isPresent() && !current.get().rev().equals(versionMetadata.rev())) {
            // a build was deployed a moment ago: the version stays, listed again
            metadata.change(
                    name,
                    version.artifactDirectory(),
                    view -> view.withVersion(view.groupId(), view.artifactId(), version.value(), lastUpdated));
            return false;
        }
        current.ifPresent(document -> documents.delete(document.id(), document.rev()));
        planned.forEach(document -> documents.delete(document.id(), document.rev()));
        return true;
    }

    private boolean released(String name, Version version) {
        return version.release() != null
                && metadata.get(name, version.artifactDirectory())
                        .map(artifact -> artifact.versions().contains(version.release()))
                        .orElse(false);
    }

    private static UnaryOperator<MavenMetadata> withoutBuild(SnapshotRules.Build build, String lastUpdated) {
        return view -> view.withoutBuilds(file -> file.value().equals(build.value()), lastUpdated);
    }

    /** The version's files that are files of the Maven layout; anything else is no build of it and stays. */
    private List<File> files(String name, Version version) {
        List<File> files = new ArrayList<>();
        documents
                .scan(MavenDocumentIds.filesUnder(name, version.directory()), PAGE)
                .forEach(document -> {
                    String path = document.id()
                            .substring(
                                    MavenDocumentIds.file(name, MavenPath.ROOT).length());
                    try {
                        ArtifactFile artifact = ArtifactFile.parse(MavenPath.parse(path));
                        if (artifact.versionDirectory().equals(version.directory())) {
                            files.add(new File(artifact, document));
                        }
                    } catch (MavenException e) {
                        // not a file of the layout: never a build's
                    }
                });
        return files;
    }

    /** The timestamped builds among the files; plain {@code -SNAPSHOT} files belong to none. */
    private static Map<SnapshotRules.Build, List<File>> builds(List<File> files) {
        Map<SnapshotRules.Build, List<File>> builds = new LinkedHashMap<>();
        for (File file : files) {
            ArtifactFile artifact = file.artifact();
            if (artifact.timestamp() != null) {
                builds.computeIfAbsent(
                                new SnapshotRules.Build(
                                        artifact.fileVersion(), artifact.timestamp(), artifact.buildNumber()),
                                build -> new ArrayList<>())
                        .add(file);
            }
        }
        return builds;
    }

    private static List<Document> documentsOf(List<File> files) {
        return files.stream().map(File::document).toList();
    }

    private record File(ArtifactFile artifact, Document document) {}

    /** The revision of a version's metadata as this run last saw or wrote it, and whether it changed under the plan. */
    private static final class Revision {
        String value;
        boolean changed;

        Revision(String value) {
            this.value = value;
        }
    }

    /** A snapshot version's directory and its version, {@code 1.0-SNAPSHOT}. */
    private record Version(MavenPath directory, String value) {
        MavenPath artifactDirectory() {
            return directory.parent();
        }

        /** The release this version is a snapshot of, or null for a bare {@code SNAPSHOT}. */
        String release() {
            String suffix = "-" + ArtifactFile.SNAPSHOT;
            return value.endsWith(suffix) ? value.substring(0, value.length() - suffix.length()) : null;
        }
    }
}
