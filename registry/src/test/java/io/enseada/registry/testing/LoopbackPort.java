package io.enseada.registry.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;

/** Ports on 127.0.0.1 for the servers a test starts. */
public final class LoopbackPort {
    private LoopbackPort() {}

    public static int free() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public static boolean listening(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
