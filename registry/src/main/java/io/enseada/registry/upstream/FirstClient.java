package io.enseada.registry.upstream;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The client whose request fetches an uncached item from the upstream: it is answered as the
 * bytes arrive instead of after the whole item is stored. Its route implements this; a proxy
 * calls it once, when the upstream has answered with the item and its length.
 */
@FunctionalInterface
public interface FirstClient {
    /** A request that takes no streamed answer: a HEAD, a range, an internal read. */
    FirstClient NONE = length -> null;

    /**
     * Sends the answer's status and headers, for a body of {@code length} bytes, and commits them.
     *
     * @return where the body's bytes go, or null when this request takes no streamed answer
     */
    OutputStream start(long length) throws IOException;
}
