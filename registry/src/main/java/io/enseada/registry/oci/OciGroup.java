package io.enseada.registry.oci;

import io.enseada.registry.errors.UpstreamUnavailableException;
import io.enseada.shared.model.Format;
import io.enseada.shared.model.RepositoryGraph;
import io.enseada.shared.model.RepositoryKind;
import io.enseada.shared.model.RepositorySpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Reads of a group repository of OCI registries: the image {@code <group>/<path>} is
 * {@code <member>/<path>} of its members (groups in it unfolded), searched in order, each only
 * where the caller may read it; the first member that has the manifest or blob answers.
 */
final class OciGroup {
    /** What a member answers when it does not have what was asked: the search goes on. */
    private static final Set<OciError> ABSENT =
            Set.of(OciError.MANIFEST_UNKNOWN, OciError.BLOB_UNKNOWN, OciError.NAME_UNKNOWN);

    private final Supplier<Collection<RepositorySpec>> repositories;

    OciGroup(Supplier<Collection<RepositorySpec>> repositories) {
        this.repositories = repositories;
    }

    /**
     * What the first member that has it answers: {@code read} is given each member the caller may
     * read, in order, with the name the image has there.
     */
    <T> T first(
            RepositorySpec group,
            OciName name,
            Predicate<RepositorySpec> readable,
            BiFunction<RepositorySpec, OciName, T> read) {
        OciException absent = null;
        UpstreamUnavailableException unavailable = null;
        for (RepositorySpec member : new RepositoryGraph(repositories.get()).leaves(group)) {
            if (!readable.test(member)) {
                continue;
            }
            try {
                return read.apply(member, new OciName(member.name(), name.image()));
            } catch (OciException e) {
                if (!ABSENT.contains(e.error())) {
                    throw e;
                }
                absent = absent == null ? e : absent;
            } catch (UpstreamUnavailableException e) {
                unavailable = unavailable == null ? e : unavailable;
            }
        }
        if (unavailable != null) {
            throw unavailable;
        }
        if (absent != null) {
            throw renamed(absent, name);
        }
        throw OciError.NAME_UNKNOWN.exception(
                "no member of " + group.name() + " that the caller may read has " + name.image(),
                Map.of("name", name.toString()));
    }

    /** What every member the caller may read answers, in order; members that have nothing or cannot answer are left out. */
    <T> List<T> all(
            RepositorySpec group,
            OciName name,
            Predicate<RepositorySpec> readable,
            BiFunction<RepositorySpec, OciName, T> read) {
        List<T> answers = new ArrayList<>();
        for (RepositorySpec member : new RepositoryGraph(repositories.get()).leaves(group)) {
            if (!readable.test(member)) {
                continue;
            }
            try {
                answers.add(read.apply(member, new OciName(member.name(), name.image())));
            } catch (OciException e) {
                if (!ABSENT.contains(e.error())) {
                    throw e;
                }
            } catch (UpstreamUnavailableException e) {
                // the other members still answer
            }
        }
        return answers;
    }

    /** The OCI groups declared, and the leaf members of each, in order. */
    Map<RepositorySpec, List<RepositorySpec>> groups() {
        Collection<RepositorySpec> all = repositories.get();
        RepositoryGraph graph = new RepositoryGraph(all);
        Map<RepositorySpec, List<RepositorySpec>> groups = new LinkedHashMap<>();
        all.stream()
                .filter(repository -> repository.format() == Format.OCI && repository.kind() == RepositoryKind.GROUP)
                .forEach(group -> groups.put(group, graph.leaves(group)));
        return groups;
    }

    /** A member's "unknown", told of the name the caller asked for. */
    private static OciException renamed(OciException absent, OciName name) {
        return absent.error().exception(absent.getMessage().replaceFirst(" in \\S+$", " in " + name), absent.detail());
    }
}
