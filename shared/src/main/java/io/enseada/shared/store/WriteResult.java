package io.enseada.shared.store;

/**
 * What became of one {@link Write}: {@code written} with the new revision ({@code null} after a
 * deletion), or not written because the revision was stale or the document to delete was gone.
 */
public record WriteResult(String id, String rev, boolean written) {

    public static WriteResult written(String id, String rev) {
        return new WriteResult(id, rev, true);
    }

    public static WriteResult refused(String id) {
        return new WriteResult(id, null, false);
    }
}
