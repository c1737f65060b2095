package io.enseada.shared.store.support;

import io.enseada.shared.store.Change;
import java.util.List;

/** What one poll of a changes feed found, and the sequence to continue after. */
public record ChangeBatch(List<Change> changes, String lastSequence) {
    public ChangeBatch {
        changes = List.copyOf(changes);
    }
}
