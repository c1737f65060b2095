package io.enseada.registry.npm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.errors.UpstreamUnavailableException;
import io.enseada.registry.upstream.FirstClient;
import io.enseada.shared.model.RepositoryGraph;
import io.enseada.shared.model.RepositoryKind;
import io.enseada.shared.model.RepositorySpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Supplier;

/**
 * Reads of a group repository of npm registries: one package's packuments from every member the
 * caller may read, merged — hosted members first, so a version or dist-tag a team publishes wins
 * over an upstream's of the same name, and with {@code protectHostedPackages} (the default) a
 * package any hosted member holds is not looked up upstream at all. A tarball comes from the first
 * member, in the same order, that has it.
 */
final class NpmGroup {
    private final Packuments hosted;
    private final NpmProxy proxy;
    private final Supplier<Collection<RepositorySpec>> repositories;
    private final ObjectMapper json;

    NpmGroup(Packuments hosted, NpmProxy proxy, Supplier<Collection<RepositorySpec>> repositories, ObjectMapper json) {
        this.hosted = hosted;
        this.proxy = proxy;
        this.repositories = repositories;
        this.json = json;
    }

    private record Found(RepositorySpec member, StoredPackument packument) {}

    StoredPackument packument(
            RepositorySpec group,
            NpmPackageName name,
            BiPredicate<RepositorySpec, NpmPackageName> readable,
            PackumentForm form) {
        List<Found> found = found(group, name, readable, form);
        return found.size() == 1 ? found.get(0).packument() : merged(name, found);
    }

    NpmResults.Tarball tarball(
            RepositorySpec group,
            NpmPackageName name,
            String file,
            BiPredicate<RepositorySpec, NpmPackageName> readable,
            FirstClient first) {
        for (Found each : found(group, name, readable, PackumentForm.ABBREVIATED)) {
            if (each.member().kind() == RepositoryKind.PROXY) {
                boolean listed = each.packument().versions().values().stream()
                        .anyMatch(m ->
                                name.tarballFile(m.path("version").asText()).equals(file));
                if (listed) {
                    return proxy.tarball(each.member(), name, file, first);
                }
            } else if (each.packument().tarball(file).isPresent()) {
                StoredPackument.TarballEntry entry =
                        each.packument().tarball(file).get();
                return new NpmResults.Tarball(entry.digest(), entry.size());
            }
        }
        throw NpmException.notFound("tarball " + file + " of " + name + " not found");
    }

    /** The members that hold the package, in the order they count: hosted ones first. */
    private List<Found> found(
            RepositorySpec group,
            NpmPackageName name,
            BiPredicate<RepositorySpec, NpmPackageName> readable,
            PackumentForm form) {
        List<RepositorySpec> members = new ArrayList<>();
        List<RepositorySpec> proxies = new ArrayList<>();
        for (RepositorySpec member : new RepositoryGraph(repositories.get()).leaves(group)) {
            if (readable.test(member, name)) {
                (member.kind() == RepositoryKind.PROXY ? proxies : members).add(member);
            }
        }
        List<Found> found = new ArrayList<>();
        for (RepositorySpec member : members) {
            hosted.find(member, name).ifPresent(packument -> found.add(new Found(member, packument)));
        }
        if (!found.isEmpty() && group.group().protectHostedPackages()) {
            return found;
        }
        UpstreamUnavailableException unavailable = null;
        for (RepositorySpec member : proxies) {
            try {
                found.add(new Found(member, proxy.packument(member, name, form)));
            } catch (NpmException e) {
                if (NpmErrors.statusOf(e) != 404) {
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
            throw NpmException.notFound("package " + name + " not found");
        }
        return found;
    }

    /** Versions, dist-tags and times of every member, the first member's where they meet. */
    private StoredPackument merged(NpmPackageName name, List<Found> found) {
        ObjectNode body = json.createObjectNode();
        body.put("name", name.toString());
        ObjectNode tags = body.putObject("dist-tags");
        ObjectNode versions = body.putObject("versions");
        ObjectNode time = body.putObject("time");
        String modified = null;
        for (Found each : found) {
            StoredPackument packument = each.packument();
            packument.distTags().forEach((tag, version) -> {
                if (!tags.has(tag)) {
                    tags.put(tag, version);
                }
            });
            packument.versions().forEach((version, manifest) -> {
                if (!versions.has(version)) {
                    versions.set(version, manifest);
                }
            });
            for (var entry : packument.time().entrySet()) {
                if (entry.getKey().equals(StoredPackument.MODIFIED)) {
                    modified =
                            modified == null || entry.getValue().compareTo(modified) > 0 ? entry.getValue() : modified;
                } else if (!time.has(entry.getKey())) {
                    time.put(entry.getKey(), entry.getValue());
                }
            }
        }
        if (modified != null) {
            time.put(StoredPackument.MODIFIED, modified);
        }
        StoredPackument first = found.get(0).packument();
        for (String field : List.of(
                "description",
                "maintainers",
                "readme",
                "readmeFilename",
                "keywords",
                "license",
                "homepage",
                "repository",
                "bugs")) {
            JsonNode value = first.described(field);
            if (value != null && !value.isNull()) {
                body.set(field, value);
            }
        }
        return StoredPackument.read(name, body);
    }
}
