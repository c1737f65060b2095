package io.enseada.shared.store;

/** A write named a revision that is no longer current, or created a document that exists. */
public class DocumentConflictException extends DocumentStoreException {
    public DocumentConflictException(String id) {
        super("document " + id + " was changed concurrently");
    }
}
