package io.enseada.registry.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One HTTP/1.1 exchange over a raw socket, for what java.net.http will not send: a head exactly as
 * written (a Content-Length the body never honours, a chunked body without end), from any local
 * address. It reads the answer until the server closes the connection or the timeout passes.
 */
public final class RawExchange {
    /**
     * @param closed    whether the server closed the connection within the timeout
     * @param after     when the answer was complete (closed or timed out), from the first byte sent
     * @param bytesSent body bytes written before the server answered or stopped taking them
     * @param sendingCut whether the server stopped taking the body (the connection broke while sending)
     */
    public record Answer(
            int status, String head, String body, boolean closed, Duration after, long bytesSent, boolean sendingCut) {
        public String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    private RawExchange() {}

    /** Sends {@code head} and {@code body} (which may be shorter than the head declares). */
    public static Answer exchange(int port, String head, byte[] body, Duration timeout) {
        return exchange(
                InetAddress.getLoopbackAddress(),
                port,
                head,
                new Supplier<>() {
                    private boolean sent;

                    @Override
                    public byte[] get() {
                        if (sent) {
                            return null;
                        }
                        sent = true;
                        return body;
                    }
                },
                timeout);
    }

    /**
     * Sends {@code head}, then every chunk {@code body} supplies (null ends it), on its own thread,
     * while this one reads the answer; a server that answers early and closes ends the sending.
     */
    public static Answer exchange(InetAddress from, int port, String head, Supplier<byte[]> body, Duration timeout) {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            AtomicLong sent = new AtomicLong();
            AtomicBoolean cut = new AtomicBoolean();
            Thread sender = new Thread(
                    () -> {
                        try {
                            for (byte[] chunk = body.get(); chunk != null; chunk = body.get()) {
                                out.write(chunk);
                                sent.addAndGet(chunk.length);
                            }
                            out.flush();
                        } catch (IOException serverStoppedReading) {
                            cut.set(true);
                        }
                    },
                    "raw-http-body");
            sender.setDaemon(true);
            sender.start();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            boolean closed = read(socket.getInputStream(), received);
            long took = System.nanoTime() - start;
            long bytesSent = sent.get();
            socket.close();
            sender.join(2000);
            return parse(
                    received.toString(StandardCharsets.ISO_8859_1),
                    closed,
                    Duration.ofNanos(took),
                    bytesSent,
                    cut.get());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** @return true when the server closed (or reset) the connection, false on timeout */
    private static boolean read(InputStream in, ByteArrayOutputStream received) {
        byte[] buffer = new byte[8192];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                received.write(buffer, 0, n);
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private static Answer parse(String received, boolean closed, Duration after, long bytesSent, boolean cut) {
        int end = received.indexOf("\r\n\r\n");
        String head = end < 0 ? received : received.substring(0, end);
        String body = end < 0 ? "" : received.substring(end + 4);
        int status = -1;
        String[] statusLine = head.split("\r\n", 2)[0].split(" ");
        if (statusLine.length > 1 && statusLine[1].matches("\\d{3}")) {
            status = Integer.parseInt(statusLine[1]);
        }
        return new Answer(status, head, body, closed, after, bytesSent, cut);
    }
}
