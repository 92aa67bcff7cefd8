package dev.concert.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Upstream instances as the gateway expects them: an API port and, at that port + {@link #OFFSET}
 * ({@code gateway.instance-health.management-port-offset}), the management port its readiness probe goes to.
 */
final class ManagementPorts {

    static final int OFFSET = 1000;

    private ManagementPorts() {
    }

    /** A free port whose management port is free as well (for an app that binds both itself). */
    static int freeApiPort() {
        ServerSocket[] pair = bindPair();
        int port = pair[0].getLocalPort();
        close(pair);
        return port;
    }

    /** Two listening sockets on the loopback address, nothing accepted: the API port and its management port. */
    static ServerSocket[] bindPair() {
        for (int attempt = 0; attempt < 100; attempt++) {
            ServerSocket api = null;
            try {
                api = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                if (api.getLocalPort() + OFFSET <= 65_535) {
                    return new ServerSocket[] {api,
                            new ServerSocket(api.getLocalPort() + OFFSET, 50, InetAddress.getLoopbackAddress())};
                }
            } catch (IOException taken) {
                // the management port is taken: another pair
            }
            close(api);
        }
        throw new IllegalStateException("no free pair of ports " + OFFSET + " apart");
    }

    static void close(ServerSocket... sockets) {
        for (ServerSocket socket : sockets) {
            try {
                if (socket != null) {
                    socket.close();
                }
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
