package io.enseada.shared.couchdb;

/** One document's answer in {@code _bulk_docs}: its new revision, or the error that refused it ({@code conflict}). */
public record CouchDbBulkResult(String id, String rev, String error) {
    public boolean ok() {
        return error == null;
    }
}
