package io.enseada.registry.storage;

import java.util.Set;

/**
 * A garbage collection deleted blobs that a write was storing or linking, while it ran: the write
 * must not be reported done (an outage to the client, which tries again). A writer that can take
 * back what it wrote catches it and does.
 */
public final class BlobsCollectedException extends StorageException {
    private final Set<Digest> lost;

    public BlobsCollectedException(Set<Digest> lost) {
        super("a garbage collection deleted " + lost.iterator().next()
                + (lost.size() > 1 ? " and " + (lost.size() - 1) + " more blobs" : "")
                + " while it was being stored or linked; try again");
        this.lost = Set.copyOf(lost);
    }

    public Set<Digest> lost() {
        return lost;
    }
}
