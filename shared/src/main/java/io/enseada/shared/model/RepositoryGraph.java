package io.enseada.shared.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The groups of a set of repositories as a graph, to refuse at declaration what a group could
 * never serve: a member that does not exist, one of another format, or a cycle of groups.
 */
public final class RepositoryGraph {
    private final Map<String, RepositorySpec> byName = new LinkedHashMap<>();

    public RepositoryGraph(Collection<RepositorySpec> repositories) {
        for (RepositorySpec repository : repositories) {
            byName.put(repository.name(), repository);
        }
    }

    /** The first thing wrong with the groups, worded for the one who declared them. */
    public Optional<String> problem() {
        for (RepositorySpec repository : byName.values()) {
            Optional<String> problem = problemOf(repository);
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    /** What is wrong with one repository's members, or its place in a cycle. */
    public Optional<String> problemOf(RepositorySpec repository) {
        if (repository.group() == null) {
            return Optional.empty();
        }
        for (String member : repository.group().members()) {
            RepositorySpec found = byName.get(member);
            if (found == null) {
                return Optional.of("group " + repository.name() + ": member '" + member + "' does not exist");
            }
            if (found.format() != repository.format()) {
                return Optional.of("group " + repository.name() + ": member '" + member + "' is a "
                        + found.format().wireName() + " repository, not "
                        + repository.format().wireName());
            }
        }
        return cycleThrough(repository, new ArrayList<>())
                .map(cycle -> "groups form a cycle: " + String.join(" -> ", cycle));
    }

    private Optional<List<String>> cycleThrough(RepositorySpec group, List<String> path) {
        path.add(group.name());
        for (String member : group.group().members()) {
            if (member.equals(path.get(0))) {
                List<String> cycle = new ArrayList<>(path);
                cycle.add(member);
                return Optional.of(cycle);
            }
            RepositorySpec next = byName.get(member);
            if (next != null && next.group() != null && !path.contains(member)) {
                Optional<List<String>> found = cycleThrough(next, path);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        path.remove(path.size() - 1);
        return Optional.empty();
    }

    /**
     * The non-group repositories a read through {@code group} searches, in order, each once; a
     * member missing from the graph is skipped, a cycle is not followed.
     */
    public List<RepositorySpec> leaves(RepositorySpec group) {
        List<RepositorySpec> leaves = new ArrayList<>();
        collect(group, new ArrayList<>(), leaves);
        return leaves;
    }

    private void collect(RepositorySpec repository, List<String> visiting, List<RepositorySpec> leaves) {
        if (repository.group() == null) {
            if (!leaves.contains(repository)) {
                leaves.add(repository);
            }
            return;
        }
        if (visiting.contains(repository.name())) {
            return;
        }
        visiting.add(repository.name());
        for (String member : repository.group().members()) {
            RepositorySpec found = byName.get(member);
            if (found != null && found.format() == repository.format()) {
                collect(found, visiting, leaves);
            }
        }
        visiting.remove(visiting.size() - 1);
    }
}
