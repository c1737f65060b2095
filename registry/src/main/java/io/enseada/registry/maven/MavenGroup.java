package io.enseada.registry.maven;

import io.enseada.registry.errors.UpstreamUnavailableException;
import io.enseada.registry.upstream.FirstClient;
import io.enseada.shared.model.RepositoryGraph;
import io.enseada.shared.model.RepositoryKind;
import io.enseada.shared.model.RepositorySpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Supplier;

/**
 * Reads of a group repository: its members (groups in it unfolded) in order, each only where the
 * caller may read it. A file comes from the first member that has it; a {@code maven-metadata.xml}
 * that several members describe is merged, so a build sees every version behind the one URL.
 */
final class MavenGroup {
    /** {@code lastUpdated} is {@code yyyyMMddHHmmss}: its text sorts as its time; none is oldest. */
    private static final Comparator<MetadataXml.Uploaded> LAST_UPDATED =
            Comparator.comparing(MetadataXml.Uploaded::lastUpdated, Comparator.nullsFirst(Comparator.naturalOrder()));

    private final MavenService hosted;
    private final MavenProxy proxy;
    private final Supplier<Collection<RepositorySpec>> repositories;

    MavenGroup(MavenService hosted, MavenProxy proxy, Supplier<Collection<RepositorySpec>> repositories) {
        this.hosted = hosted;
        this.proxy = proxy;
        this.repositories = repositories;
    }

    MavenResults.Resolved resolve(
            RepositorySpec group, MavenPath path, BiPredicate<RepositorySpec, MavenPath> readable, FirstClient first) {
        List<RepositorySpec> members = new RepositoryGraph(repositories.get())
                .leaves(group).stream()
                        .filter(member -> readable.test(member, path))
                        .toList();
        Optional<ChecksumAlgorithm> checksum = ChecksumAlgorithm.ofChecksumFile(path.name());
        MavenPath checked =
                checksum.map(a -> path.withName(a.checkedFile(path.name()))).orElse(path);
        if (!path.isRoot() && checked.name().equals(MavenService.METADATA_FILE)) {
            return metadata(members, path, checked.parent(), checksum);
        }
        if (path.isRoot()) {
            return listing(members, path, readable);
        }
        UpstreamUnavailableException unavailable = null;
        for (RepositorySpec member : members) {
            try {
                MavenResults.Resolved found = read(member, path, readable, first);
                if (found instanceof MavenResults.Directory) {
                    return listing(members, path, readable);
                }
                return found;
            } catch (MavenException e) {
                if (e.kind() != MavenException.Kind.NOT_FOUND) {
                    throw e;
                }
            } catch (UpstreamUnavailableException e) {
                unavailable = unavailable == null ? e : unavailable;
            }
        }
        if (unavailable != null) {
            throw unavailable;
        }
        throw MavenException.notFound("not found: " + path);
    }

    private MavenResults.Resolved read(
            RepositorySpec member, MavenPath path, BiPredicate<RepositorySpec, MavenPath> readable, FirstClient first) {
        MavenRequests.Resolve request = new MavenRequests.Resolve(member, path, p -> readable.test(member, p), first);
        return member.kind() == RepositoryKind.PROXY ? proxy.resolve(request) : hosted.resolve(request);
    }

    private MavenResults.Resolved metadata(
            List<RepositorySpec> members, MavenPath path, MavenPath directory, Optional<ChecksumAlgorithm> checksum) {
        List<String> found = new ArrayList<>();
        UpstreamUnavailableException unavailable = null;
        for (RepositorySpec member : members) {
            try {
                Optional<String> xml = member.kind() == RepositoryKind.PROXY
                        ? Optional.of(proxy.metadata(member, directory).xml())
                        : hosted.metadata(member, directory).map(MavenMetadata::xml);
                xml.ifPresent(found::add);
            } catch (MavenException e) {
                if (e.kind() != MavenException.Kind.NOT_FOUND) {
                    throw e;
                }
            } catch (UpstreamUnavailableException e) {
                unavailable = unavailable == null ? e : unavailable;
            }
        }
        if (found.isEmpty()) {
            if (unavailable != null) {
                throw unavailable;
            }
            throw MavenException.notFound("not found: " + path);
        }
        String xml = found.size() == 1 ? found.get(0) : merged(found, directory);
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        Checksums checksums = Checksums.of(bytes);
        if (checksum.isPresent()) {
            return new MavenResults.Text(
                    path.name(), checksums.get(checksum.get()).getBytes(StandardCharsets.US_ASCII), null, null);
        }
        return new MavenResults.Text(path.name(), bytes, checksums, null);
    }

    /**
     * What several members' metadata of one directory make together. An artifact's versions are
     * merged. A snapshot version's builds are not: a build number only orders one repository's
     * builds, and every file one member's metadata names is in that member, so the member whose
     * metadata was updated last is served as it is (where two members publish the same snapshot
     * version, the newest build wins, as a build would pick it).
     */
    private static String merged(List<String> found, MavenPath directory) {
        List<MetadataXml.Uploaded> parsed = found.stream()
                .map(text -> MetadataXml.parse(text.getBytes(StandardCharsets.UTF_8)))
                .toList();
        if (!ArtifactFile.isSnapshot(directory.name())) {
            return MavenMetadata.merged(parsed).xml();
        }
        int newest = 0;
        for (int i = 1; i < parsed.size(); i++) {
            if (LAST_UPDATED.compare(parsed.get(i), parsed.get(newest)) > 0) {
                newest = i;
            }
        }
        return found.get(newest);
    }

    /** What the members list for a directory, each name once, the first member's entry winning. */
    private MavenResults.Resolved listing(
            List<RepositorySpec> members, MavenPath path, BiPredicate<RepositorySpec, MavenPath> readable) {
        Map<String, MavenResults.Entry> entries = new LinkedHashMap<>();
        boolean exists = path.isRoot();
        for (RepositorySpec member : members) {
            try {
                MavenResults.Resolved listed =
                        hosted.resolve(new MavenRequests.Resolve(member, path, p -> readable.test(member, p)));
                if (listed instanceof MavenResults.Directory directory) {
                    exists = true;
                    directory.entries().forEach(entry -> entries.putIfAbsent(entry.name(), entry));
                }
            } catch (MavenException e) {
                if (e.kind() != MavenException.Kind.NOT_FOUND) {
                    throw e;
                }
            }
        }
        if (!exists) {
            throw MavenException.notFound("not found: " + path);
        }
        return new MavenResults.Directory(path, List.copyOf(entries.values()));
    }
}
