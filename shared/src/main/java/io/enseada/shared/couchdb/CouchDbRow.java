package io.enseada.shared.couchdb;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One row of {@code _all_docs}; {@code doc} is null unless the documents were included. */
public record CouchDbRow(String id, String rev, ObjectNode doc) {}
