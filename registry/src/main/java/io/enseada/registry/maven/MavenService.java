package io.enseada.registry.maven;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.audit.AuditLog;
import io.enseada.registry.storage.BlobInfo;
import io.enseada.registry.storage.BlobStore;
import io.enseada.registry.storage.Digest;
import io.enseada.shared.model.RepositorySpec;
import io.enseada.shared.model.VersionPolicy;
import io.enseada.shared.store.Document;
import io.enseada.shared.store.DocumentStore;
import io.enseada.shared.store.Page;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Maven 2 repositories on the two ports: file bytes in the blob store, and in the document store
 * each file's record and each directory's {@code maven-metadata.xml} as the server sees it. Every
 * metadata change is a read-modify-write through {@link DocumentStore#update}, so concurrent deploys
 * lose nothing.
 */
public final class MavenService {
    public static final String METADATA_FILE = "maven-metadata.xml";
    private static final int MAX_METADATA_BYTES = 1 << 20;
    private static final int MAX_CHECKSUM_BYTES = 1024;
    private static final int PAGE = 200;
    private static final int MAX_LISTING = 10_000;
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{32,128}");

    private final DocumentStore documents;
    private final BlobStore blobs;
    private final AuditLog audit;
    private final ObjectMapper json;
    private final Clock clock;
    private final MetadataDocuments metadataDocuments;

    public MavenService(DocumentStore documents, BlobStore blobs, AuditLog audit, ObjectMapper json, Clock clock) {
        this.audit = audit;
        this.documents = documents;
        this.metadataDocuments = new MetadataDocuments(documents, json);
        this.blobs = blobs;
        this.json = json;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- deploy

    public MavenResults.Deployed deploy(MavenRequests.Deploy request) {
        MavenResults.Deployed outcome = store(request);
        if (outcome == MavenResults.Deployed.STORED || outcome == MavenResults.Deployed.METADATA_MERGED) {
            audit.record(
                    request.deployer(), "maven.deploy", request.repository().name() + "/" + request.path());
        }
        return outcome;
    }

    private MavenResults.Deployed store(MavenRequests.Deploy request) {
        MavenPath path = request.path();
        if (path.isRoot()) {
            throw MavenException.invalid("cannot deploy to the repository root");
        }
        Optional<ChecksumAlgorithm> checksum = ChecksumAlgorithm.ofChecksumFile(path.name());
        if (checksum.isPresent()) {
            return verifyChecksum(request, checksum.get());
        }
        if (path.name().equals(METADATA_FILE)) {
            return mergeMetadata(request);
        }
        return storeFile(request);
    }

    private MavenResults.Deployed storeFile(MavenRequests.Deploy request) {
        RepositorySpec repository = request.repository();
        ArtifactFile artifact = ArtifactFile.parse(request.path());
        checkVersionPolicy(repository, artifact.version());
        String id = MavenDocumentIds.file(repository.name(), artifact.path());
        boolean immutable = !artifact.isSnapshot() && !repository.maven().allowRedeploy();
        // Refused before a byte is read; the check inside the update below settles races.
        if (immutable && documents.get(id).isPresent()) {
            throw redeployRefused(artifact);
        }
        UploadChecksums upload = new UploadChecksums();
        BlobInfo blob = blobs.put(upload.wrap(request.content()), null);
        Checksums checksums = upload.checksums(blob.digest().hex());
        request.declared().forEach((algorithm, sent) -> {
            if (!sent.trim().equalsIgnoreCase(checksums.get(algorithm))) {
                throw checksumMismatch(artifact.path(), algorithm, sent, checksums.get(algorithm));
            }
        });
        FileRecord record = new FileRecord(
                blob.digest().toString(),
                blob.size(),
                checksums,
                clock.instant(),
                request.deployer().principal().subject(),
                null);
        ObjectNode body = json.valueToTree(record);
        ObjectNode stored = documents
                .update(id, current -> {
                    if (current == null) {
                        return body;
                    }
                    if (record.digest().equals(current.path("digest").asText())) {
                        return current;
                    }
                    if (immutable) {
                        throw redeployRefused(artifact);
                    }
                    return body;
                })
                .orElseThrow()
                .body();
        addToMetadata(
                artifact, repository.name(), read(stored, FileRecord.class).deployed());
        return stored.equals(body) ? MavenResults.Deployed.STORED : MavenResults.Deployed.UNCHANGED;
    }

    private void addToMetadata(ArtifactFile artifact, String repository, Instant deployed) {
        String now = MetadataDocuments.lastUpdated(deployed);
        String groupId = artifact.groupId();
        changeMetadata(
                repository,
                artifact.artifactDirectory(),
                metadata -> metadata.withVersion(groupId, artifact.artifactId(), artifact.version(), now));
        if (artifact.isSnapshot()) {
            MavenMetadata.SnapshotBuild build = new MavenMetadata.SnapshotBuild(
                    artifact.classifier(),
                    artifact.extension(),
                    artifact.fileVersion(),
                    artifact.timestamp(),
                    artifact.buildNumber(),
                    now);
            changeMetadata(
                    repository,
                    artifact.versionDirectory(),
                    metadata -> metadata.withBuild(groupId, artifact.artifactId(), artifact.version(), build));
        }
    }

    private MavenResults.Deployed verifyChecksum(MavenRequests.Deploy request, ChecksumAlgorithm algorithm) {
        MavenPath path = request.path();
        String sent = firstToken(readSmall(request, MAX_CHECKSUM_BYTES));
        if (!HEX.matcher(sent).matches()) {
            throw MavenException.invalid(path + " is not a " + algorithm.extension() + " checksum");
        }
        MavenPath checked = path.withName(algorithm.checkedFile(path.name()));
        if (checked.name().equals(METADATA_FILE)) {
            // The client's checksum is of its own copy; the server's merged view has its own checksums.
            return MavenResults.Deployed.CHECKSUM_VERIFIED;
        }
        FileRecord file = file(request.repository(), checked)
                .orElseThrow(
                        () -> MavenException.invalid("no file " + checked + " to check " + path.name() + " against"));
        String computed = file.checksums().get(algorithm);
        if (!sent.equals(computed)) {
            throw checksumMismatch(checked, algorithm, sent, computed);
        }
        return MavenResults.Deployed.CHECKSUM_VERIFIED;
    }

    private MavenResults.Deployed mergeMetadata(MavenRequests.Deploy request) {
        MavenPath path = request.path();
        MavenPath directory = path.parent();
        if (directory.isRoot()) {
            throw MavenException.invalid("maven-metadata.xml belongs in a group, artifact or version directory");
        }
        MetadataXml.Uploaded uploaded = MetadataXml.parse(readSmall(request, MAX_METADATA_BYTES));
        MavenPath described = describedDirectory(uploaded);
        if (described != null && !described.equals(directory)) {
            throw MavenException.invalid(
                    "maven-metadata.xml describes " + described + " but was uploaded to " + directory);
        }
        String now = MetadataDocuments.lastUpdated(clock.instant());
        changeMetadata(
                request.repository().name(), directory, metadata -> metadata.withPlugins(uploaded.plugins(), now));
        return MavenResults.Deployed.METADATA_MERGED;
    }

    private static MavenPath describedDirectory(MetadataXml.Uploaded uploaded) {
        if (uploaded.groupId() == null) {
            return null;
        }
        MavenPath described = MavenPath.parse(uploaded.groupId().replace('.', '/'));
        if (uploaded.artifactId() != null) {
            described = described.child(uploaded.artifactId());
            if (uploaded.version() != null) {
                described = described.child(uploaded.version());
            }
        }
        return described;
    }

    private static void checkVersionPolicy(RepositorySpec repository, String version) {
        VersionPolicy policy = repository.maven().versionPolicy();
        boolean snapshot = ArtifactFile.isSnapshot(version);
        if (policy == VersionPolicy.RELEASE && snapshot) {
            throw MavenException.invalid("repository " + repository.name() + " has version policy 'release': " + version
                    + " is a snapshot version");
        }
        if (policy == VersionPolicy.SNAPSHOT && !snapshot) {
            throw MavenException.invalid("repository " + repository.name() + " has version policy 'snapshot': "
                    + version + " is a release version");
        }
    }

    private static MavenException redeployRefused(ArtifactFile artifact) {
        return MavenException.conflict("release " + artifact.groupId() + ":" + artifact.artifactId() + ":"
                + artifact.version() + " is immutable: " + artifact.path().name() + " is already deployed");
    }

    private static MavenException checksumMismatch(
            MavenPath path, ChecksumAlgorithm algorithm, String sent, String computed) {
        return MavenException.invalid(algorithm.extension() + " checksum mismatch for " + path + ": uploaded "
                + sent.trim() + ", computed " + computed);
    }

    // ---------------------------------------------------------------- resolve

    public MavenResults.Resolved resolve(MavenRequests.Resolve request) {
        RepositorySpec repository = request.repository();
        MavenPath path = request.path();
        if (path.isRoot()) {
            return listing(request).orElseThrow();
        }
        Optional<ChecksumAlgorithm> checksum = ChecksumAlgorithm.ofChecksumFile(path.name());
        if (checksum.isPresent()) {
            MavenPath checked = path.withName(checksum.get().checkedFile(path.name()));
            Optional<Checksums> checksums = checked.name().equals(METADATA_FILE)
                    ? metadata(repository, checked.parent()).map(MavenMetadata::checksums)
                    : file(repository, checked).map(FileRecord::checksums);
            return checksums
                    .map(sums -> (MavenResults.Resolved) new MavenResults.Text(
                            path.name(), sums.get(checksum.get()).getBytes(StandardCharsets.US_ASCII), null, null))
                    .orElseThrow(() -> notFound(path));
        }
        if (path.name().equals(METADATA_FILE)) {
            MavenMetadata metadata = metadata(repository, path.parent()).orElseThrow(() -> notFound(path));
            return new MavenResults.Text(
                    path.name(), metadata.xml().getBytes(StandardCharsets.UTF_8), metadata.checksums(), null);
        }
        Optional<FileRecord> file = file(repository, path);
        if (file.isPresent()) {
            FileRecord record = file.get();
            Digest digest = Digest.parse(record.digest());
            return new MavenResults.File(
                    path.name(), record.size(), record.checksums(), record.deployed(), () -> blobs.open(digest));
        }
        return listing(request).orElseThrow(() -> notFound(path));
    }

    /**
     * The entries of a directory the caller may read — a subdirectory by its own path, as the
     * caller would open it — so a path-limited caller sees nothing it may not open.
     */
    private Optional<MavenResults.Resolved> listing(MavenRequests.Resolve request) {
        RepositorySpec repository = request.repository();
        MavenPath directory = request.path();
        String prefix = MavenDocumentIds.filesUnder(repository.name(), directory);
        List<MavenResults.Entry> entries = new ArrayList<>();
        // whether the directory exists is not for the caller's rights to decide
        boolean exists = false;
        String after = null;
        boolean more = true;
        while (more && entries.size() < MAX_LISTING) {
            Page page = documents.list(prefix, after, PAGE);
            more = page.next() != null;
            for (Document document : page.documents()) {
                exists = true;
                String rest = document.id().substring(prefix.length());
                int slash = rest.indexOf('/');
                if (slash < 0) {
                    if (request.readable().test(directory.child(rest))) {
                        FileRecord record = read(document.body(), FileRecord.class);
                        entries.add(new MavenResults.Entry(
                                rest, false, record.size(), record.checksums().sha1(), record.deployed()));
                    }
                    after = document.id();
                } else {
                    String name = rest.substring(0, slash);
                    if (request.readable().test(directory.child(name))) {
                        entries.add(new MavenResults.Entry(name, true, null, null, null));
                    }
                    after = MavenDocumentIds.afterSubdirectory(prefix, name);
                    more = true;
                    break;
                }
            }
        }
        Optional<MavenMetadata> metadata = metadata(repository, directory);
        if (metadata.isPresent() && request.readable().test(directory.child(METADATA_FILE))) {
            entries.add(new MavenResults.Entry(
                    METADATA_FILE,
                    false,
                    (long) metadata.get().xml().getBytes(StandardCharsets.UTF_8).length,
                    metadata.get().checksums().sha1(),
                    null));
        }
        if (!exists && metadata.isEmpty() && !directory.isRoot()) {
            return Optional.empty();
        }
        entries.sort(Comparator.comparing(MavenResults.Entry::name));
        return Optional.of(new MavenResults.Directory(directory, entries));
    }

    // ---------------------------------------------------------------- delete

    public MavenResults.Deleted delete(MavenRequests.Delete request) {
        MavenResults.Deleted deleted = remove(request);
        audit.record(request.actor(), "maven.delete", request.repository().name() + "/" + request.path());
        return deleted;
    }

    private MavenResults.Deleted remove(MavenRequests.Delete request) {
        String repository = request.repository().name();
        MavenPath path = request.path();
        if (path.isRoot()) {
            throw MavenException.invalid("a whole repository is deleted through /api/v1/repositories");
        }
        if (path.name().equals(METADATA_FILE)
                || ChecksumAlgorithm.ofChecksumFile(path.name()).isPresent()) {
            throw MavenException.invalid(
                    path.name() + " is generated by the server; delete the files or the version instead");
        }
        List<String> ids = new ArrayList<>();
        String exact = MavenDocumentIds.file(repository, path);
        boolean isFile = documents.get(exact).isPresent();
        if (isFile) {
            ids.add(exact);
        } else {
            ids.addAll(idsUnder(MavenDocumentIds.filesUnder(repository, path)));
        }
        if (ids.isEmpty()) {
            throw notFound(path);
        }
        Map<MavenPath, List<ArtifactFile>> byVersion = new LinkedHashMap<>();
        for (String id : ids) {
            documents.update(id, current -> null);
            ArtifactFile artifact = ArtifactFile.parse(MavenPath.parse(id.substring(
                    MavenDocumentIds.file(repository, MavenPath.ROOT).length())));
            byVersion
                    .computeIfAbsent(artifact.versionDirectory(), version -> new ArrayList<>())
                    .add(artifact);
        }
        if (!isFile) {
            idsUnder(MavenDocumentIds.metadataUnder(repository, path))
                    .forEach(id -> documents.update(id, current -> null));
            documents.update(MavenDocumentIds.metadata(repository, path), current -> null);
        }
        String now = MetadataDocuments.lastUpdated(clock.instant());
        byVersion.forEach(
                (versionDirectory, deleted) -> removeFromMetadata(repository, versionDirectory, deleted, now));
        return new MavenResults.Deleted(ids.size());
    }

    private void removeFromMetadata(
            String repository, MavenPath versionDirectory, List<ArtifactFile> deleted, String now) {
        ArtifactFile any = deleted.get(0);
        boolean versionGone = documents
                .list(MavenDocumentIds.filesUnder(repository, versionDirectory), null, 1)
                .documents()
                .isEmpty();
        if (versionGone) {
            documents.update(MavenDocumentIds.metadata(repository, versionDirectory), current -> null);
            Optional<MavenMetadata> artifact = changeMetadata(
                    repository, any.artifactDirectory(), metadata -> metadata.withoutVersion(any.version(), now));
            if (artifact.map(metadata -> metadata.versions().isEmpty()).orElse(true)) {
                changeMetadata(
                        repository, any.groupDirectory(), metadata -> metadata.withoutPlugin(any.artifactId(), now));
            }
        } else if (any.isSnapshot()) {
            changeMetadata(
                    repository,
                    versionDirectory,
                    metadata -> metadata.withoutBuilds(
                            build -> deleted.stream()
                                    .anyMatch(file -> build.value().equals(file.fileVersion())
                                            && build.extension().equals(file.extension())
                                            && Objects.equals(build.classifier(), file.classifier())),
                            now));
        }
    }

    private List<String> idsUnder(String prefix) {
        List<String> ids = new ArrayList<>();
        String after = null;
        do {
            Page page = documents.list(prefix, after, PAGE);
            page.documents().forEach(document -> ids.add(document.id()));
            after = page.next();
        } while (after != null);
        return ids;
    }

    // ---------------------------------------------------------------- documents

    private Optional<FileRecord> file(RepositorySpec repository, MavenPath path) {
        return documents
                .get(MavenDocumentIds.file(repository.name(), path))
                .map(document -> read(document.body(), FileRecord.class));
    }

    Optional<MavenMetadata> metadata(RepositorySpec repository, MavenPath directory) {
        return metadataDocuments.get(repository.name(), directory);
    }

    private Optional<MavenMetadata> changeMetadata(
            String repository, MavenPath directory, UnaryOperator<MavenMetadata> change) {
        return metadataDocuments.change(repository, directory, change);
    }

    private <T> T read(ObjectNode body, Class<T> type) {
        try {
            return json.treeToValue(body, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable " + type.getSimpleName() + " document", e);
        }
    }

    /** A body parsed in memory; refused before it is read when it declares more than {@code limit}. */
    private static byte[] readSmall(MavenRequests.Deploy request, int limit) {
        if (request.declaredLength() > limit) {
            throw tooLarge(request.path(), limit);
        }
        try {
            byte[] bytes = request.content().readNBytes(limit + 1);
            if (bytes.length > limit) {
                throw tooLarge(request.path(), limit);
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MavenException tooLarge(MavenPath path, int limit) {
        return MavenException.tooLarge(path.name() + " is larger than " + limit + " bytes");
    }

    private static String firstToken(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.US_ASCII).trim();
        int space = text.indexOf(' ');
        return (space < 0 ? text : text.substring(0, space)).toLowerCase(Locale.ROOT);
    }

    private static MavenException notFound(MavenPath path) {
        return MavenException.notFound("not found: " + path);
    }
}
