package io.enseada.operator.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import org.junit.jupiter.api.Test;

class ClaimStorageTest {
    private static PersistentVolumeClaim claim(String phase) {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName("blobs")
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withVolumeName(phase == null ? null : "pv-1")
                .endSpec()
                .withNewStatus()
                .withPhase(phase)
                .endStatus()
                .build();
    }

    @Test
    void aBoundClaimIsReadyAndNamesItsVolume() {
        assertThat(ClaimStorage.of("blobs", claim("Bound")))
                .isEqualTo(StorageHealth.ready("ClaimBound", "PersistentVolumeClaim blobs is bound to volume pv-1"));
    }

    @Test
    void aClaimNotBoundYetIsPendingAsIsOneWithoutAStatus() {
        StorageHealth pending =
                StorageHealth.failing("ClaimPending", "PersistentVolumeClaim blobs is not bound to a volume yet");
        assertThat(ClaimStorage.of("blobs", claim("Pending"))).isEqualTo(pending);
        assertThat(ClaimStorage.of("blobs", claim(null))).isEqualTo(pending);
        PersistentVolumeClaim fresh = new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName("blobs")
                .endMetadata()
                .build();
        assertThat(ClaimStorage.of("blobs", fresh)).isEqualTo(pending);
    }

    @Test
    void aLostClaimAndAMissingOneAreNotReady() {
        assertThat(ClaimStorage.of("blobs", claim("Lost")))
                .isEqualTo(
                        StorageHealth.failing("ClaimLost", "PersistentVolumeClaim blobs is Lost: its volume is gone"));
        assertThat(ClaimStorage.of("blobs", null))
                .isEqualTo(StorageHealth.failing("ClaimMissing", "PersistentVolumeClaim blobs does not exist"));
    }
}
