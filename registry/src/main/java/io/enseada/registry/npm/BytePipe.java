package io.enseada.registry.npm;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bounded hand-over of bytes from a writer that pushes (the JSON decoder) to a reader that pulls
 * (the blob store). Unlike {@link java.io.PipedInputStream} the writer can end it with a failure,
 * which the reader sees as an {@link IOException} instead of a clean end: a broken publish must
 * never look like a complete tarball.
 */
final class BytePipe {
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(32);
    private volatile IOException failure;
    private volatile boolean readerGone;

    /** The writer's end; every write blocks while the reader is behind. */
    OutputStream sink() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (len > 0) {
                    hand(Arrays.copyOfRange(b, off, off + len));
                }
            }
        };
    }

    /** The reader's end. */
    InputStream source() {
        return new InputStream() {
            private byte[] current = new byte[0];
            private int position;
            private boolean ended;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                while (position == current.length) {
                    if (ended) {
                        return -1;
                    }
                    try {
                        current = chunks.take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted while waiting for the tarball");
                    }
                    position = 0;
                    if (current == END) {
                        ended = true;
                        if (failure != null) {
                            throw failure;
                        }
                        return -1;
                    }
                }
                int n = Math.min(len, current.length - position);
                System.arraycopy(current, position, b, off, n);
                position += n;
                return n;
            }
        };
    }

    /** The writer is done and every byte was handed over. */
    void finish() throws IOException {
        hand(END);
    }

    /** The writer gives up; the reader fails with {@code cause}. */
    void fail(IOException cause) {
        failure = cause;
        try {
            hand(END);
        } catch (IOException e) {
            // the reader is gone already: nothing waits for the end
        }
    }

    /** The reader stopped, for whatever reason; a blocked writer must not wait for it forever. */
    void readerGone() {
        readerGone = true;
    }

    private void hand(byte[] chunk) throws IOException {
        try {
            while (!chunks.offer(chunk, 50, TimeUnit.MILLISECONDS)) {
                if (readerGone) {
                    throw new ReaderGoneException();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while handing over the tarball");
        }
    }

    /** The reader stopped before the writer was done; its own failure says why. */
    static final class ReaderGoneException extends IOException {
        ReaderGoneException() {
            super("the blob store stopped reading the tarball");
        }
    }
}
