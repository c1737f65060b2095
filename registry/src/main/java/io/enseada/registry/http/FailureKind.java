package io.enseada.registry.http;

import io.enseada.registry.storage.BlobsCollectedException;
import io.enseada.registry.storage.StorageException;
import io.enseada.shared.store.DocumentConflictException;
import io.enseada.shared.store.DocumentStoreException;
import java.io.EOFException;
import org.eclipse.jetty.io.EofException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What an exception no format turned into an answer means for the caller, read from its whole
 * cause chain (the stores' failures often arrive wrapped: in a completion, in an I/O error).
 */
enum FailureKind {
    /** The client hung up or stopped sending mid-body: nothing to answer, nothing to alarm anyone about. */
    CLIENT_GONE,
    /** The metadata store (CouchDB, the embedded store) failed or could not be reached. */
    METADATA_UNAVAILABLE,
    /** The blob storage (S3, the filesystem) failed or could not be reached. */
    STORAGE_UNAVAILABLE,
    /** A defect: logged with its stack trace under an incident id. */
    INTERNAL;

    static FailureKind of(Throwable failure) {
        if (inChain(failure, EofException.class)) {
            return CLIENT_GONE; // Jetty's own: the client's side of the connection
        }
        for (Throwable cause = failure; cause != null; cause = next(cause)) {
            if (cause instanceof DocumentStoreException && !(cause instanceof DocumentConflictException)) {
                return METADATA_UNAVAILABLE;
            }
            // Its subclasses (an unknown blob, a digest mismatch …) are answers of their own, not outages.
            if (cause.getClass() == StorageException.class
                    || cause instanceof BlobsCollectedException
                    || cause instanceof SdkException) {
                return STORAGE_UNAVAILABLE;
            }
        }
        return inChain(failure, EOFException.class) ? CLIENT_GONE : INTERNAL;
    }

    private static boolean inChain(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = next(cause)) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static Throwable next(Throwable cause) {
        return cause.getCause() == cause ? null : cause.getCause();
    }
}
