package io.enseada.registry.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Many raw connections from one local address, each sending a request head and then trickling its
 * body: {@code bytesPerTick} bytes every {@code tick}, for as long as the server keeps the
 * connection. One thread drives them all (non-blocking sockets), so hundreds cost the test nothing.
 */
public final class SlowSenders implements AutoCloseable {
    /** What became of one connection: the server's status line (or null) and when it closed it (or null). */
    public record Outcome(String statusLine, Duration closedAfter) {}

    private static final class Connection {
        final SocketChannel channel;
        final StringBuilder response = new StringBuilder();
        volatile Duration closedAfter;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }

        Outcome outcome() {
            int end = response.indexOf("\r\n");
            return new Outcome(end < 0 ? null : response.substring(0, end), closedAfter);
        }
    }

    private final List<Connection> connections;
    private final Selector selector;
    private final byte[] chunk;
    private final long tickNanos;
    private final long started = System.nanoTime();
    private final Thread pump;
    private volatile boolean stopped;

    private SlowSenders(List<Connection> connections, Selector selector, int bytesPerTick, Duration tick) {
        this.connections = connections;
        this.selector = selector;
        this.chunk = new byte[bytesPerTick];
        Arrays.fill(chunk, (byte) ' ');
        this.tickNanos = tick.toNanos();
        this.pump = new Thread(this::pump, "slow-senders");
        this.pump.setDaemon(true);
    }

    /**
     * Opens {@code count} connections from {@code from} to the registry on loopback, sends
     * {@code head} on each, then trickles.
     */
    public static SlowSenders start(InetAddress from, int port, int count, String head, int bytesPerTick, Duration tick)
            throws IOException {
        Selector selector = Selector.open();
        List<Connection> connections = new ArrayList<>();
        byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < count; i++) {
            SocketChannel channel = SocketChannel.open();
            channel.bind(new InetSocketAddress(from, 0));
            channel.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            channel.write(ByteBuffer.wrap(headBytes));
            channel.configureBlocking(false);
            Connection connection = new Connection(channel);
            channel.register(selector, SelectionKey.OP_READ, connection);
            connections.add(connection);
        }
        SlowSenders senders = new SlowSenders(connections, selector, bytesPerTick, tick);
        senders.pump.start();
        return senders;
    }

    public int stillOpen() {
        return (int) connections.stream().filter(c -> c.closedAfter == null).count();
    }

    /** Waits until the server has closed every connection, or {@code timeout} passed; then what became of each. */
    public List<Outcome> awaitClosed(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (stillOpen() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        synchronized (this) {
            return connections.stream().map(Connection::outcome).toList();
        }
    }

    private void pump() {
        ByteBuffer in = ByteBuffer.allocate(4096);
        long nextTick = System.nanoTime() + tickNanos;
        try {
            while (!stopped) {
                selector.select(50);
                synchronized (this) {
                    for (SelectionKey key : selector.selectedKeys()) {
                        read((Connection) key.attachment(), in);
                    }
                    selector.selectedKeys().clear();
                    if (System.nanoTime() >= nextTick) {
                        nextTick += tickNanos;
                        for (Connection connection : connections) {
                            send(connection);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void read(Connection connection, ByteBuffer in) {
        if (connection.closedAfter != null) {
            return;
        }
        try {
            in.clear();
            int n = connection.channel.read(in);
            if (n < 0) {
                closed(connection);
            } else if (connection.response.length() < 4096) {
                connection.response.append(new String(in.array(), 0, n, StandardCharsets.ISO_8859_1));
            }
        } catch (IOException reset) {
            closed(connection);
        }
    }

    private void send(Connection connection) {
        if (connection.closedAfter != null) {
            return;
        }
        try {
            connection.channel.write(ByteBuffer.wrap(chunk));
        } catch (IOException reset) {
            closed(connection);
        }
    }

    private void closed(Connection connection) {
        connection.closedAfter = Duration.ofNanos(System.nanoTime() - started);
        connection.channel.keyFor(selector).cancel();
        try {
            connection.channel.close();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        stopped = true;
        try {
            pump.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Connection connection : connections) {
            connection.channel.close();
        }
        selector.close();
    }
}
