package io.enseada.registry.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.enseada.registry.storage.BlobNotFoundException;
import io.enseada.registry.storage.Digest;
import io.enseada.registry.storage.StorageException;
import io.enseada.shared.couchdb.CouchDbException;
import io.enseada.shared.store.DocumentConflictException;
import io.enseada.shared.store.DocumentStoreException;
import java.io.EOFException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.eclipse.jetty.io.EofException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

class FailureKindTest {

    @Test
    void theClientsSideEndingEarlyWinsWhateverWrapsIt() {
        assertThat(FailureKind.of(new StorageException("storing blob failed", new EofException("Early EOF"))))
                .isEqualTo(FailureKind.CLIENT_GONE);
        assertThat(FailureKind.of(new UncheckedIOException(new EOFException("truncated"))))
                .isEqualTo(FailureKind.CLIENT_GONE);
    }

    @Test
    void backendFailuresAreOutagesEvenWrapped() {
        DocumentStoreException couch = new DocumentStoreException(
                "cannot reach CouchDB",
                new CouchDbException("cannot reach CouchDB", new ConnectException("Connection refused")));
        assertThat(FailureKind.of(couch)).isEqualTo(FailureKind.METADATA_UNAVAILABLE);
        assertThat(FailureKind.of(new CompletionException(couch))).isEqualTo(FailureKind.METADATA_UNAVAILABLE);
        assertThat(FailureKind.of(new StorageException("S3 GET failed", SdkClientException.create("refused"))))
                .isEqualTo(FailureKind.STORAGE_UNAVAILABLE);
        assertThat(FailureKind.of(new CompletionException(SdkClientException.create("refused"))))
                .isEqualTo(FailureKind.STORAGE_UNAVAILABLE);
        // An S3 connection that ended early is the backend's failure, not the client's.
        assertThat(FailureKind.of(
                        new StorageException("S3 GET failed", new EOFException("Unexpected end of file from server"))))
                .isEqualTo(FailureKind.STORAGE_UNAVAILABLE);
    }

    @Test
    void answersOfTheirOwnAndDefectsAreNotOutages() {
        assertThat(FailureKind.of(new DocumentConflictException("doc"))).isEqualTo(FailureKind.INTERNAL);
        assertThat(FailureKind.of(new BlobNotFoundException(Digest.parse("sha256:" + "0".repeat(64)))))
                .isEqualTo(FailureKind.INTERNAL);
        assertThat(FailureKind.of(new NullPointerException())).isEqualTo(FailureKind.INTERNAL);
    }
}
