package io.enseada.registry.ui;

import io.enseada.registry.repository.browse.PackageSummary;
import java.util.List;

/**
 * One repository's page: what it is, a page of its packages, and how a client uses it.
 *
 * @param members a group's members, empty otherwise
 * @param upstream a proxy's upstream URL, or null
 * @param snippet the client configuration to paste, line by line
 */
public record RepositoryView(
        String name,
        String format,
        String kind,
        String visibility,
        List<String> members,
        String upstream,
        long bytes,
        List<PackageSummary> items,
        int total,
        String sort,
        String order,
        int offset,
        int limit,
        String snippetLabel,
        String snippet) {

    public String base() {
        return "/ui/repositories/" + Text.path(name);
    }

    public String packageLink(PackageSummary item) {
        return base() + "/" + Text.path(item.name());
    }

    /** The link that sorts by {@code column}: ascending first, the other way when it is already so. */
    public String sortLink(String column) {
        String next = column.equals(sort) && order.equals("asc") ? "desc" : "asc";
        return base() + "?sort=" + column + "&order=" + next;
    }

    /** {@code aria-sort} of a column's header, or null for the columns it is not sorted by. */
    public String ariaSort(String column) {
        return column.equals(sort) ? (order.equals("asc") ? "ascending" : "descending") : null;
    }

    public String previousPage() {
        return offset == 0 ? null : page(Math.max(0, offset - limit));
    }

    public String nextPage() {
        return offset + limit >= total ? null : page(offset + limit);
    }

    public int first() {
        return total == 0 ? 0 : offset + 1;
    }

    public int last() {
        return Math.min(total, offset + limit);
    }

    private String page(int from) {
        return base() + "?sort=" + sort + "&order=" + order + "&offset=" + from;
    }
}
