package io.enseada.registry.upstream;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A wrapper of an upstream body whose every read, a one-byte one too, goes through its chunk read. */
abstract class ChunkReadStream extends FilterInputStream {
    ChunkReadStream(InputStream body) {
        super(body);
    }

    @Override
    public abstract int read(byte[] buffer, int offset, int length) throws IOException;

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] discard = new byte[(int) Math.max(0, Math.min(n, 8192))];
        return Math.max(discard.length == 0 ? 0 : read(discard, 0, discard.length), 0);
    }
}
