package io.enseada.shared.couchdb;

/** One row of {@code _changes}. {@code seq} is opaque: an integer on PouchDB, a string on CouchDB. */
public record CouchDbChange(String seq, String id, boolean deleted) {}
