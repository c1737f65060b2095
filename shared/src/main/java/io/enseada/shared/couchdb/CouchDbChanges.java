package io.enseada.shared.couchdb;

import java.util.List;

/**
 * One answer of {@code _changes}. {@code lastSeq} is where the next request should continue; it is
 * the {@code since} that was asked when a long poll ended without changes.
 */
public record CouchDbChanges(List<CouchDbChange> results, String lastSeq) {
    public CouchDbChanges {
        results = List.copyOf(results);
    }
}
