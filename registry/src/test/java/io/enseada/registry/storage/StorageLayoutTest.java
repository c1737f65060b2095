package io.enseada.registry.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StorageLayoutTest {

    @Test
    void blobsAreShardedByTheirFirstTwoHexDigits() {
        Digest digest = Digest.parse("sha256:ab" + "0".repeat(62));

        assertThat(StorageLayout.blob(digest)).isEqualTo("blobs/sha256/ab/ab" + "0".repeat(62));
    }

    @Test
    void sessionKeysStayInsideTheirFolder() {
        String id = StorageLayout.newUploadId();

        assertThat(StorageLayout.isUploadId(id)).isTrue();
        assertThat(StorageLayout.uploadState(id)).isEqualTo("uploads/" + id + "/state");
        assertThat(StorageLayout.uploadData(id)).isEqualTo("uploads/" + id + "/data");
        assertThat(StorageLayout.uploadPending(id, "n")).isEqualTo("uploads/" + id + "/pending/n");
    }

    @Test
    void idsThisLayoutNeverHandsOutAreUnknownSessions() {
        for (String id : new String[] {
            null,
            "",
            "..",
            "../blobs",
            "a/b",
            StorageLayout.newUploadId().toUpperCase(),
            StorageLayout.newUploadId() + "/.."
        }) {
            assertThat(StorageLayout.isUploadId(id)).as(id).isFalse();
            assertThatThrownBy(() -> StorageLayout.upload(id)).isInstanceOf(UploadNotFoundException.class);
        }
    }
}
