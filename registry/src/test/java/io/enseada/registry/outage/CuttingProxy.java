package io.enseada.registry.outage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay in front of S3 with a switch: once {@link #cutAfter(long)} is set, the next answer
 * on any connection gets its headers and that many body bytes through, and then the connection
 * drops — S3 gone in the middle of an object it promised in full. Requests pass untouched.
 */
final class CuttingProxy implements AutoCloseable {
    private static final byte[] HEADERS_END = {'\r', '\n', '\r', '\n'};

    private final ServerSocket listener;
    private final URI target;
    private final AtomicLong cutAfter = new AtomicLong(-1);
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    CuttingProxy(URI target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "cutting-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    /** @param bytes body bytes to let through before dropping; negative to relay everything again */
    void cutAfter(long bytes) {
        cutAfter.set(bytes);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(target.getHost(), target.getPort());
                open.add(client);
                open.add(server);
                relay("cutting-proxy-up", client, server, false);
                relay("cutting-proxy-down", server, client, true);
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void relay(String name, Socket from, Socket to, boolean answers) {
        Thread thread = new Thread(
                () -> {
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        byte[] buffer = new byte[8192];
                        int matched = 0;
                        long bodyLeft = -1;
                        int n;
                        while ((n = in.read(buffer)) > 0) {
                            long limit = answers ? cutAfter.get() : -1;
                            if (limit < 0) {
                                out.write(buffer, 0, n);
                                out.flush();
                                continue;
                            }
                            for (int i = 0; i < n; i++) {
                                if (bodyLeft == 0) {
                                    out.flush();
                                    closeBoth(from, to);
                                    return;
                                }
                                out.write(buffer[i]);
                                if (bodyLeft > 0) {
                                    bodyLeft--;
                                } else {
                                    matched = buffer[i] == HEADERS_END[matched]
                                            ? matched + 1
                                            : (buffer[i] == '\r' ? 1 : 0);
                                    if (matched == HEADERS_END.length) {
                                        bodyLeft = limit;
                                    }
                                }
                            }
                            out.flush();
                            if (bodyLeft == 0) {
                                closeBoth(from, to);
                                return;
                            }
                        }
                    } catch (IOException ended) {
                        // one side closed
                    } finally {
                        closeBoth(from, to);
                    }
                },
                name);
        thread.setDaemon(true);
        thread.start();
    }

    private void closeBoth(Socket a, Socket b) {
        for (Socket socket : new Socket[] {a, b}) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
            open.remove(socket);
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : open) {
            socket.close();
        }
    }
}
