package io.enseada.registry.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Feeds every byte read through it to a hash and counts them, so writes hash while they stream. */
public final class HashingInputStream extends FilterInputStream {
    private final RunningSha256 hash;
    private final byte[] single = new byte[1];
    private long count;

    public HashingInputStream(InputStream in, RunningSha256 hash) {
        super(in);
        this.hash = hash;
    }

    /** Bytes read so far. */
    public long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        return read(single, 0, 1) < 0 ? -1 : single[0] & 0xff;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        int n = in.read(bytes, offset, length);
        if (n > 0) {
            hash.update(bytes, offset, n);
            count += n;
        }
        return n;
    }

    /** Skipped bytes must be hashed too, so they are read. */
    @Override
    public long skip(long n) throws IOException {
        byte[] scratch = new byte[(int) Math.min(n, 8192)];
        long skipped = 0;
        while (skipped < n) {
            int read = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (read < 0) {
                break;
            }
            skipped += read;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void mark(int readLimit) {
        // Rewinding would hash the same bytes twice.
    }

    @Override
    public void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }
}
