package io.enseada.registry.oci;

import io.enseada.registry.storage.BlobInfo;
import io.enseada.registry.storage.Digest;
import io.enseada.registry.upstream.FirstClient;
import io.enseada.shared.model.RepositoryKind;
import io.enseada.shared.model.RepositorySpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * Every read of a manifest or blob, whatever the repository's kind: the one entry the routes call.
 * {@code readable} says which members of a group the caller may read; other kinds ignore it. A
 * group's members are hosted or proxy repositories ({@link OciGroup} unfolds groups in groups).
 */
final class OciReads {
    private final ManifestService manifests;
    private final BlobService blobs;
    private final OciProxy proxy;
    private final OciGroup group;
    private final ListingService listings;

    OciReads(ManifestService manifests, BlobService blobs, OciProxy proxy, OciGroup group, ListingService listings) {
        this.listings = listings;
        this.manifests = manifests;
        this.blobs = blobs;
        this.proxy = proxy;
        this.group = group;
    }

    OciResults.ManifestInfo statManifest(
            RepositorySpec repository, OciName name, Reference reference, Predicate<RepositorySpec> readable) {
        return switch (repository.kind()) {
            case HOSTED -> manifests.stat(repository, name, reference);
            case PROXY -> proxy.statManifest(repository, name, reference);
            case GROUP ->
                group.first(
                        repository,
                        name,
                        readable,
                        (member, inMember) -> statManifest(member, inMember, reference, readable));
        };
    }

    OciResults.ManifestRead readManifest(
            RepositorySpec repository,
            OciName name,
            Reference reference,
            List<String> accept,
            Predicate<RepositorySpec> readable) {
        return switch (repository.kind()) {
            case HOSTED -> manifests.read(repository, name, reference, accept);
            case PROXY -> proxy.readManifest(repository, name, reference, accept);
            case GROUP ->
                group.first(
                        repository,
                        name,
                        readable,
                        (member, inMember) -> readManifest(member, inMember, reference, accept, readable));
        };
    }

    BlobInfo statBlob(RepositorySpec repository, OciName name, Digest digest, Predicate<RepositorySpec> readable) {
        return switch (repository.kind()) {
            case HOSTED -> blobs.stat(repository, name, digest);
            case PROXY -> proxy.statBlob(repository, name, digest);
            case GROUP ->
                group.first(
                        repository, name, readable, (member, inMember) -> statBlob(member, inMember, digest, readable));
        };
    }

    /** @param first answered as the bytes arrive when a proxy fetches the blob for this read */
    OciResults.BlobRead readBlob(
            RepositorySpec repository,
            OciName name,
            Digest digest,
            String rangeHeader,
            Predicate<RepositorySpec> readable,
            FirstClient first) {
        return switch (repository.kind()) {
            case HOSTED -> blobs.read(repository, name, digest, rangeHeader);
            case PROXY -> proxy.readBlob(repository, name, digest, rangeHeader, first);
            case GROUP ->
                group.first(
                        repository,
                        name,
                        readable,
                        (member, inMember) -> readBlob(member, inMember, digest, rangeHeader, readable, first));
        };
    }

    /** A group's referrers are its members', each referrer once. */
    OciResults.Referrers referrers(
            RepositorySpec repository,
            OciName name,
            Digest subject,
            String artifactType,
            Predicate<RepositorySpec> readable) {
        return switch (repository.kind()) {
            case HOSTED -> manifests.referrers(repository, name, subject, artifactType);
            case PROXY -> proxy.referrers(repository, name, subject, artifactType);
            case GROUP -> {
                Map<String, ReferrerRecord> merged = new LinkedHashMap<>();
                group.all(
                                repository,
                                name,
                                readable,
                                (member, inMember) -> referrers(member, inMember, subject, artifactType, readable))
                        .forEach(found -> found.descriptors()
                                .forEach(descriptor -> merged.putIfAbsent(descriptor.digest(), descriptor)));
                yield new OciResults.Referrers(List.copyOf(merged.values()), artifactType != null);
            }
        };
    }

    /**
     * The catalog: the names stored (hosted and cached ones), and {@code <group>/<image>} for each
     * image a member of a group holds that the caller may read through the group, each once, in
     * order. One page of the merge is within the first {@code n} of each side, so only the stored
     * names are paged; a group's names are its members' images, read whole.
     *
     * @param readable which names the caller may read (a group's name: read on the group)
     * @param throughGroup which members of a group the caller may read an image of through it
     */
    OciResults.Listing catalog(
            Integer n,
            String last,
            Predicate<OciName> readable,
            BiFunction<RepositorySpec, String, Predicate<RepositorySpec>> throughGroup) {
        OciResults.Listing stored = listings.catalog(n, last, readable);
        Map<RepositorySpec, List<RepositorySpec>> groups = group.groups();
        if (groups.isEmpty()) {
            return stored;
        }
        Set<String> grouped = new TreeSet<>();
        groups.forEach((repository, members) -> {
            for (RepositorySpec member : members) {
                for (String image : listings.images(member)) {
                    OciName name = new OciName(repository.name(), image);
                    if (!grouped.contains(name.toString())
                            && readable.test(name)
                            && throughGroup.apply(repository, image).test(member)) {
                        grouped.add(name.toString());
                    }
                }
            }
        });
        OciResults.Listing page =
                ListingService.merged(List.of(stored, new OciResults.Listing(List.copyOf(grouped), null)), n, last);
        if (page.last() == null && stored.last() != null) {
            // the stored names go on past this page, though it holds exactly n
            return new OciResults.Listing(
                    page.items(), page.items().get(page.items().size() - 1));
        }
        return page;
    }

    /** A group's tags are its members' (a proxy's: those it has cached), each tag once. */
    OciResults.Listing tags(
            RepositorySpec repository, OciName name, Integer n, String last, Predicate<RepositorySpec> readable) {
        if (repository.kind() != RepositoryKind.GROUP) {
            return listings.tags(repository, name, n, last);
        }
        List<OciResults.Listing> found = group.all(
                repository, name, readable, (member, inMember) -> listings.tags(member, inMember, null, null));
        if (found.isEmpty()) {
            throw OciError.NAME_UNKNOWN.exception("no image " + name, Map.of("name", name.toString()));
        }
        return ListingService.merged(found, n, last);
    }
}
