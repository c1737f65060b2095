package io.enseada.registry.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * An upstream body on its way into the store: the store reads it (and checks and stages what it
 * reads), and each chunk read is copied on to the first client as it goes. The last chunk is held
 * back until {@link #release()}, which the proxy calls once the bytes have verified and are
 * recorded: on any failure before that the client's answer stays short of its Content-Length, so
 * the client sees a broken transfer, never a complete body that did not verify. A client that
 * goes away (a write fails) is dropped and the fill goes on; the item is cached all the same.
 *
 * <p>Only a body of at least {@link #STREAMED_FROM} bytes, by the upstream's Content-Length, is
 * streamed: a smaller one arrives in moments, and stored first it can still fail with the
 * protocol's own error naming the upstream and why (a streamed one can only be cut). A body of
 * unknown length is stored first too: the answer must declare its length for a cut to show.
 */
public final class StreamedFill extends ChunkReadStream {
    /** The smallest body sent to the first client as it arrives. */
    public static final long STREAMED_FROM = 1 << 20;

    private OutputStream client;
    private byte[] held = new byte[0];
    private int heldLength;
    private IOException upstreamFailure;

    /** @param client where the bytes go as they arrive, or null to fill the store only */
    public StreamedFill(InputStream upstream, OutputStream client) {
        super(upstream);
        this.client = client;
    }

    /** Starts {@code first}'s answer for a body of {@code length} bytes; a client that cannot be started is left out. */
    public static StreamedFill of(UpstreamResponse response, FirstClient first) {
        OutputStream client = null;
        long length = response.contentLength();
        if (length >= STREAMED_FROM) {
            try {
                client = first.start(length);
            } catch (IOException gone) {
                client = null;
            }
        }
        return new StreamedFill(response.body(), client);
    }

    /** Whether a client is being answered from this fill. */
    public boolean streaming() {
        return client != null;
    }

    /** The upstream's read failure, when that is what ended the fill. */
    public IOException upstreamFailure() {
        return upstreamFailure;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n;
        try {
            n = in.read(buffer, offset, length);
        } catch (IOException e) {
            upstreamFailure = e;
            throw e;
        }
        if (n > 0 && client != null) {
            send(held, heldLength);
            if (held.length < n) {
                held = new byte[Math.max(n, 16 * 1024)];
            }
            System.arraycopy(buffer, offset, held, 0, n);
            heldLength = n;
        }
        return n;
    }

    /** Sends the held-back last chunk: the bytes verified and are stored. */
    public void release() {
        send(held, heldLength);
        heldLength = 0;
        client = null;
    }

    private void send(byte[] bytes, int length) {
        if (client == null || length == 0) {
            return;
        }
        try {
            client.write(bytes, 0, length);
            client.flush();
        } catch (IOException | RuntimeException gone) {
            client = null; // the fill goes on without it
        }
    }
}
