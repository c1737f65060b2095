package io.enseada.registry.storage;

import java.io.InputStream;
import java.util.SplittableRandom;

/**
 * Pseudo-random bytes made as they are read, so a test can stream a blob larger than its heap; the
 * same seed and size always give the same bytes.
 */
public final class GeneratedInputStream extends InputStream {
    private final SplittableRandom random;
    private final byte[] block = new byte[64 * 1024];
    private final byte[] single = new byte[1];
    private int blockPosition = block.length;
    private long remaining;

    public GeneratedInputStream(long seed, long size) {
        this.random = new SplittableRandom(seed);
        this.remaining = size;
    }

    @Override
    public int read() {
        return read(single, 0, 1) < 0 ? -1 : single[0] & 0xff;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        if (remaining == 0) {
            return -1;
        }
        if (blockPosition == block.length) {
            random.nextBytes(block);
            blockPosition = 0;
        }
        int n = (int) Math.min(Math.min(length, block.length - blockPosition), remaining);
        System.arraycopy(block, blockPosition, bytes, offset, n);
        blockPosition += n;
        remaining -= n;
        return n;
    }
}
