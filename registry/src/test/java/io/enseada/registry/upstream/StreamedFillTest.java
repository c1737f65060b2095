package io.enseada.registry.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StreamedFillTest {
    private static final byte[] BODY = body(100_000);

    @Test
    void theClientGetsEachChunkAsItIsReadButTheLastOnlyOnRelease() throws IOException {
        ByteArrayOutputStream client = new ByteArrayOutputStream();
        StreamedFill fill = new StreamedFill(new ByteArrayInputStream(BODY), client);
        byte[] chunk = new byte[30_000];

        assertThat(fill.read(chunk)).isEqualTo(30_000);
        assertThat(client.size())
                .as("the first chunk is held back until the next")
                .isZero();
        assertThat(fill.read(chunk)).isEqualTo(30_000);
        assertThat(client.toByteArray()).isEqualTo(Arrays.copyOf(BODY, 30_000));
        fill.transferTo(OutputStream.nullOutputStream());
        assertThat(client.size())
                .as("before the bytes verified, the client is short")
                .isLessThan(BODY.length);

        fill.release();

        assertThat(client.toByteArray()).isEqualTo(BODY);
    }

    @Test
    void aClientThatGoesAwayIsDroppedAndTheFillGoesOn() throws IOException {
        OutputStream gone = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("broken pipe");
            }
        };
        StreamedFill fill = new StreamedFill(new ByteArrayInputStream(BODY), gone);

        assertThat(fill.readAllBytes()).isEqualTo(BODY);
        fill.release();
    }

    @Test
    void anUpstreamFailureIsRecordedAndTheHeldChunkNeverSent() {
        ByteArrayOutputStream client = new ByteArrayOutputStream();
        InputStream breaks = new InputStream() {
            private int reads;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (reads++ < 2) {
                    return Math.min(len, 10);
                }
                throw new IOException("stalled");
            }
        };
        StreamedFill fill = new StreamedFill(breaks, client);

        assertThatThrownBy(fill::readAllBytes).hasMessage("stalled");

        assertThat(fill.upstreamFailure()).hasMessage("stalled");
        assertThat(client.size()).isEqualTo(10);
    }

    private static byte[] body(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31);
        }
        return bytes;
    }
}
