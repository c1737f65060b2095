package io.enseada.operator.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import org.junit.jupiter.api.Test;

class RegistryValidationTest {
    private static final RegistrySpec.CouchDbSpec COUCH = new RegistrySpec.CouchDbSpec("http://couch:5984", null, null);

    private static RegistrySpec filesystem(int replicas) {
        return new RegistrySpec(
                null,
                replicas,
                null,
                null,
                new RegistrySpec.StorageSpec(null, new RegistrySpec.FilesystemSpec("data")),
                COUCH,
                null,
                null,
                null,
                null,
                null);
    }

    private static PersistentVolumeClaim claim(String mode) {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName("data")
                .endMetadata()
                .withNewSpec()
                .withAccessModes(mode)
                .endSpec()
                .build();
    }

    @Test
    void severalReplicasOnAReadWriteOnceClaimAreRefused() {
        var problem =
                RegistryValidation.check(filesystem(2), claim("ReadWriteOnce")).orElseThrow();
        assertThat(problem.reason()).isEqualTo("StorageNotShared");
        assertThat(problem.message()).contains("data").contains("ReadWriteMany");
    }

    @Test
    void severalReplicasOnAReadWriteManyClaimOrOneReplicaOnAnyClaimAreFine() {
        assertThat(RegistryValidation.check(filesystem(3), claim("ReadWriteMany")))
                .isEmpty();
        assertThat(RegistryValidation.check(filesystem(1), claim("ReadWriteOnce")))
                .isEmpty();
    }

    @Test
    void aMissingClaimOrTwoStoragesAreRefused() {
        assertThat(RegistryValidation.check(filesystem(1), null).orElseThrow().reason())
                .isEqualTo("ClaimNotFound");
        RegistrySpec both = new RegistrySpec(
                null,
                1,
                null,
                null,
                new RegistrySpec.StorageSpec(
                        new RegistrySpec.S3Spec("bucket", null, null, null, null, null),
                        new RegistrySpec.FilesystemSpec("data")),
                COUCH,
                null,
                null,
                null,
                null,
                null);
        assertThat(RegistryValidation.check(both, null).orElseThrow().reason()).isEqualTo("InvalidStorage");
    }
}
