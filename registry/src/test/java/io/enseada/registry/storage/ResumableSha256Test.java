package io.enseada.registry.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ResumableSha256Test {

    @Test
    void hashResumedFromItsEncodedStateEqualsOneHashOverAllTheBytes() {
        byte[] bytes = new byte[100_003];
        new SplittableRandom(1).nextBytes(bytes);
        byte[] state = ResumableSha256.start().encodedState();
        int[] cuts = {0, 1, 63, 64, 65, 4096, 50_001, bytes.length};

        for (int i = 1; i < cuts.length; i++) {
            ResumableSha256 hash = ResumableSha256.resume(state);
            hash.update(bytes, cuts[i - 1], cuts[i] - cuts[i - 1]);
            state = hash.encodedState();
        }

        assertThat(ResumableSha256.resume(state).digest()).isEqualTo(Sha256.of(bytes));
    }

    @Test
    void digestLeavesTheHashRunning() {
        byte[] bytes = "hello, world".getBytes();
        ResumableSha256 resumable = ResumableSha256.start();
        RunningSha256 oneShot = RunningSha256.oneShot();
        for (RunningSha256 hash : new RunningSha256[] {resumable, oneShot}) {
            hash.update(bytes, 0, 5);
            assertThat(hash.digest()).isEqualTo(Sha256.of(Arrays.copyOf(bytes, 5)));
            hash.update(bytes, 5, bytes.length - 5);
            assertThat(hash.digest()).isEqualTo(Sha256.of(bytes));
        }
    }
}
