package io.enseada.registry.maven;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.registry.repository.browse.ArtifactDetail;
import io.enseada.registry.repository.browse.PackageSummary;
import io.enseada.shared.model.RepositoryKind;
import io.enseada.shared.model.RepositorySpec;
import io.enseada.shared.store.Document;
import io.enseada.shared.store.DocumentStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The management API's view of Maven repositories: one package per artifact
 * ({@code groupId:artifactId}), read from the stored file records — a hosted repository's deploys,
 * a proxy's cache — and, for the release, the artifact's {@code maven-metadata.xml} document. A
 * group holds no files of its own and lists none.
 */
final class ArtifactBrowsing {
    private static final int PAGE = 500;
    private static final String SIGNATURE = ".asc";

    private final DocumentStore documents;
    private final MetadataDocuments metadata;
    private final ObjectMapper json;

    ArtifactBrowsing(DocumentStore documents, ObjectMapper json) {
        this.documents = documents;
        this.metadata = new MetadataDocuments(documents, json);
        this.json = json;
    }

    /** One file of the repository that is part of an artifact. */
    private record Stored(ArtifactFile file, FileRecord record) {}

    /**
     * What the access guard matches for {@code groupId:artifactId}: the artifact's directory with a
     * trailing slash, {@code com/example/lib/}, where the paths Maven's routes hand it for the
     * artifact's files begin. The slash makes {@code com/example/lib/**}, the policy that grants
     * exactly this artifact's files, match it too (a path glob's {@code /**} needs the slash).
     */
    static String accessPath(String name) {
        int colon = name.indexOf(':');
        return colon < 0 ? name : directory(name) + "/";
    }

    private static String directory(String name) {
        int colon = name.indexOf(':');
        return name.substring(0, colon).replace('.', '/') + "/" + name.substring(colon + 1);
    }

    List<PackageSummary> packages(RepositorySpec repository) {
        if (repository.kind() == RepositoryKind.GROUP) {
            return List.of();
        }
        Map<String, List<Stored>> byArtifact = new TreeMap<>();
        files(repository, MavenPath.ROOT)
                .forEach(stored -> byArtifact
                        .computeIfAbsent(
                                stored.file().groupId() + ":" + stored.file().artifactId(), k -> new ArrayList<>())
                        .add(stored));
        Map<String, String> releases = releases(repository);
        List<PackageSummary> summaries = new ArrayList<>();
        byArtifact.forEach((name, files) -> {
            List<String> versions = versions(files);
            String release = releases.getOrDefault(name, highestRelease(versions));
            summaries.add(new PackageSummary(
                    name,
                    null,
                    release != null ? release : versions.get(0),
                    versions.size(),
                    files.stream()
                            .map(stored -> stored.record().deployed())
                            .max(Comparator.naturalOrder())
                            .orElse(null),
                    files.stream().mapToLong(stored -> stored.record().size()).sum(),
                    List.of()));
        });
        return summaries;
    }

    Optional<ArtifactDetail> detail(RepositorySpec repository, String name) {
        int colon = name.indexOf(':');
        if (repository.kind() == RepositoryKind.GROUP || colon <= 0 || colon == name.length() - 1) {
            return Optional.empty();
        }
        MavenPath directory;
        try {
            directory = MavenPath.parse(directory(name));
        } catch (MavenException e) {
            return Optional.empty();
        }
        // below the directory also lie artifacts whose groupId is this artifact's coordinates
        List<Stored> files = files(repository, directory)
                .filter(stored -> stored.file().artifactDirectory().equals(directory))
                .toList();
        if (files.isEmpty()) {
            return Optional.empty();
        }
        Map<String, List<Stored>> byVersion = new HashMap<>();
        files.forEach(stored -> byVersion
                .computeIfAbsent(stored.file().version(), k -> new ArrayList<>())
                .add(stored));
        List<String> versions = versions(files);
        List<ArtifactDetail.Version> listed = new ArrayList<>();
        for (String version : versions) {
            List<Stored> ofVersion = byVersion.get(version);
            listed.add(new ArtifactDetail.Version(
                    version,
                    ArtifactFile.isSnapshot(version),
                    ofVersion.stream()
                            .map(stored -> stored.record().deployed())
                            .max(Comparator.naturalOrder())
                            .orElse(null),
                    ofVersion.stream()
                            .filter(stored -> !stored.file().path().name().endsWith(SIGNATURE))
                            .sorted(Comparator.comparingInt(
                                            (Stored stored) -> -stored.file().buildNumber())
                                    .thenComparing(
                                            stored -> stored.file().path().name()))
                            .map(ArtifactBrowsing::entry)
                            .toList()));
        }
        String release = metadata.get(repository.name(), directory)
                .map(MavenMetadata::release)
                .orElseGet(() -> highestRelease(versions));
        return Optional.of(new ArtifactDetail(
                name, name.substring(0, colon), name.substring(colon + 1), versions.get(0), release, listed));
    }

    private static ArtifactDetail.FileEntry entry(Stored stored) {
        FileRecord record = stored.record();
        Checksums checksums = record.checksums();
        return new ArtifactDetail.FileEntry(
                stored.file().path().name(),
                stored.file().path().toString(),
                record.size(),
                checksums == null ? null : checksums.sha1(),
                checksums == null ? null : checksums.sha256(),
                record.deployed());
    }

    /** The distinct versions of {@code files}, newest (in Maven's order) first. */
    private static List<String> versions(List<Stored> files) {
        return files.stream()
                .map(stored -> stored.file().version())
                .distinct()
                .sorted(MavenMetadata.VERSION_ORDER.reversed())
                .toList();
    }

    private static String highestRelease(List<String> newestFirst) {
        return newestFirst.stream()
                .filter(version -> !ArtifactFile.isSnapshot(version))
                .findFirst()
                .orElse(null);
    }

    /** Each artifact's release as its {@code maven-metadata.xml} names it, by {@code groupId:artifactId}. */
    private Map<String, String> releases(RepositorySpec repository) {
        Map<String, String> releases = new HashMap<>();
        documents
                .scan(MavenDocumentIds.metadataUnder(repository.name(), MavenPath.ROOT), PAGE)
                .forEach(document -> {
                    MavenMetadata artifact = metadata.read(document.body());
                    // a snapshot version's metadata names its version; a plugin group's has no artifactId
                    if (artifact.version() == null && artifact.artifactId() != null && artifact.release() != null) {
                        releases.put(artifact.groupId() + ":" + artifact.artifactId(), artifact.release());
                    }
                });
        return releases;
    }

    /** The artifact files under {@code directory}, checksum files and paths outside the Maven 2 layout left out. */
    private Stream<Stored> files(RepositorySpec repository, MavenPath directory) {
        String prefix = MavenDocumentIds.filesUnder(repository.name(), directory);
        String root = MavenDocumentIds.filesUnder(repository.name(), MavenPath.ROOT);
        return documents.scan(prefix, PAGE).flatMap(document -> {
            Optional<ArtifactFile> file = artifactFile(document.id().substring(root.length()));
            return file.map(f -> new Stored(f, record(document))).stream();
        });
    }

    private static Optional<ArtifactFile> artifactFile(String path) {
        try {
            MavenPath parsed = MavenPath.parse(path);
            if (ChecksumAlgorithm.ofChecksumFile(parsed.name()).isPresent()) {
                return Optional.empty();
            }
            return Optional.of(ArtifactFile.parse(parsed));
        } catch (MavenException e) {
            return Optional.empty(); // a proxy caches what its upstream serves, in the layout or not
        }
    }

    private FileRecord record(Document document) {
        try {
            return json.treeToValue(document.body(), FileRecord.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable FileRecord document " + document.id(), e);
        }
    }
}
