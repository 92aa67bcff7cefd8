package dev.concert.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy in front of one server (a database, Redis) that a test can cut and restore: the network between a
 * service and its store going away, for that service only.
 * <ul>
 *   <li>{@link #cut()} resets every open connection (RST, so both ends see the failure at once) and closes the listening
 *       socket: new connections are refused until {@link #restore()}.</li>
 *   <li>{@link #cut(Mode)} with {@link Mode#BLACKHOLE} resets the open connections too, but keeps accepting and then
 *       never forwards a byte: a client waits on its own timeouts, as behind a dropped route.</li>
 *   <li>{@link #restore()} listens again on the same port (blackholed connections are reset then).</li>
 * </ul>
 * Plain blocking sockets, two virtual threads per connection. Used in-process by {@code FaultMatrixIT}; {@link #main}
 * runs it as a process with a line-based control port for {@code scripts/load-fault.sh}.
 */
public final class TcpProxy implements AutoCloseable {

    public enum Mode { REFUSE, BLACKHOLE }

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final String name;
    private final InetSocketAddress target;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Set<Socket> held = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private volatile ServerSocket server;
    private volatile Mode cutMode; // null: forwarding
    private volatile boolean closed;

    private TcpProxy(String name, ServerSocket server, InetSocketAddress target) {
        this.name = name;
        this.server = server;
        this.port = server.getLocalPort();
        this.target = target;
    }

    /** Listens on 127.0.0.1:{@code listenPort} (0: any free port) and forwards to {@code host:targetPort}. */
    public static TcpProxy start(String name, int listenPort, String host, int targetPort) {
        try {
            TcpProxy proxy = new TcpProxy(name, bind(listenPort), new InetSocketAddress(host, targetPort));
            proxy.acceptIn(proxy.server);
            return proxy;
        } catch (IOException e) {
            throw new IllegalStateException("proxy " + name + " cannot listen on " + listenPort + ": " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public boolean isCut() {
        return cutMode != null;
    }

    /** Connections accepted since the start (a sign that the service really goes through the proxy). */
    public long accepted() {
        return accepted.get();
    }

    public int openConnections() {
        return open.size();
    }

    /** Resets every open connection and refuses new ones until {@link #restore()}. */
    public void cut() {
        cut(Mode.REFUSE);
    }

    public synchronized void cut(Mode mode) {
        if (closed || cutMode != null) {
            return;
        }
        cutMode = mode;
        if (mode == Mode.REFUSE) {
            ServerSocket listening = server;
            server = null;
            closeQuietly(listening);
        }
        open.forEach(TcpProxy::reset);
        open.clear();
    }

    /** Forwards again: listens on the same port (waiting up to 10 s for it), resets blackholed connections. */
    public synchronized void restore() {
        if (closed || cutMode == null) {
            return;
        }
        held.forEach(TcpProxy::reset);
        held.clear();
        if (server == null) {
            long until = System.nanoTime() + 10_000_000_000L;
            while (server == null) {
                try {
                    server = bind(port);
                } catch (IOException e) {
                    if (System.nanoTime() > until) {
                        throw new IllegalStateException("proxy " + name + " cannot listen on " + port + " again: "
                                + e.getMessage(), e);
                    }
                    sleep(100);
                }
            }
            acceptIn(server);
        }
        cutMode = null;
    }

    @Override
    public synchronized void close() {
        closed = true;
        closeQuietly(server);
        open.forEach(TcpProxy::reset);
        held.forEach(TcpProxy::reset);
    }

    @Override
    public String toString() {
        return name + " 127.0.0.1:" + port + " -> " + target.getHostString() + ":" + target.getPort()
                + (cutMode == null ? "" : " (cut: " + cutMode + ")");
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(LOOPBACK, port), 512);
        return socket;
    }

    private void acceptIn(ServerSocket listening) {
        Thread.ofVirtual().name("proxy-" + name + "-accept").start(() -> {
            while (!closed && !listening.isClosed()) {
                Socket client;
                try {
                    client = listening.accept();
                } catch (IOException e) {
                    return; // closed by cut() or close()
                }
                accepted.incrementAndGet();
                Thread.ofVirtual().name("proxy-" + name + "-connect").start(() -> connect(client));
            }
        });
    }

    private void connect(Socket client) {
        synchronized (this) {
            if (closed || cutMode == Mode.REFUSE) {
                reset(client);
                return;
            }
            if (cutMode == Mode.BLACKHOLE) {
                held.add(client); // accepted, never answered
                return;
            }
        }
        Socket upstream = new Socket();
        try {
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            upstream.connect(target, 3000);
        } catch (IOException e) {
            reset(client);
            closeQuietly(upstream);
            return;
        }
        synchronized (this) {
            if (closed || cutMode != null) { // cut while connecting
                reset(client);
                reset(upstream);
                return;
            }
            open.add(client);
            open.add(upstream);
        }
        AtomicInteger directions = new AtomicInteger(2);
        Thread.ofVirtual().name("proxy-" + name + "-up").start(() -> pump(client, upstream, directions));
        Thread.ofVirtual().name("proxy-" + name + "-down").start(() -> pump(upstream, client, directions));
    }

    /** Copies one direction; at its end half-closes the other side; the second direction to end closes both. */
    private void pump(Socket from, Socket to, AtomicInteger directions) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // reset by a cut, by the peer, or by the other direction's failure: nothing more goes either way
            reset(from);
            reset(to);
        }
        if (directions.decrementAndGet() == 0 || from.isClosed() || to.isClosed()) {
            open.remove(from);
            open.remove(to);
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /** Closes with RST instead of FIN: the peer's next read or write fails at once. */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException ignored) {
            // already closed
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // As a process (scripts/load-fault.sh): proxies plus a control port that takes one command per connection.

    /**
     * {@code java dev.concert.e2e.TcpProxy <controlPort> <name>=<listenPort>:<host>:<port> ...}. Commands on the control
     * port, one line per connection, answered with one line: {@code cut <name> [blackhole]}, {@code restore <name>},
     * {@code status}.
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: TcpProxy <controlPort> <name>=<listenPort>:<host>:<port> ...");
            System.exit(2);
        }
        Map<String, TcpProxy> proxies = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] nameAndRest = args[i].split("=", 2);
            String[] parts = nameAndRest[1].split(":");
            TcpProxy proxy = start(nameAndRest[0], Integer.parseInt(parts[0]), parts[1], Integer.parseInt(parts[2]));
            proxies.put(proxy.name(), proxy);
            System.out.println("[proxy] " + proxy);
        }
        try (ServerSocket control = bind(Integer.parseInt(args[0]))) {
            System.out.println("[proxy] control port " + control.getLocalPort());
            System.out.flush();
            while (true) {
                try (Socket connection = control.accept();
                     BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(),
                             StandardCharsets.UTF_8));
                     PrintWriter out = new PrintWriter(connection.getOutputStream(), true, StandardCharsets.UTF_8)) {
                    String line = in.readLine();
                    String answer = command(proxies, line == null ? "" : line.trim());
                    System.out.println("[proxy] " + line + " -> " + answer);
                    System.out.flush();
                    out.println(answer);
                } catch (IOException e) {
                    System.out.println("[proxy] control connection failed: " + e.getMessage());
                }
            }
        }
    }

    private static String command(Map<String, TcpProxy> proxies, String line) {
        String[] words = line.split("\\s+");
        if (words[0].equals("status")) {
            StringBuilder all = new StringBuilder("ok");
            proxies.values().forEach(p -> all.append("; ").append(p).append(" open ").append(p.openConnections())
                    .append(" accepted ").append(p.accepted()));
            return all.toString();
        }
        TcpProxy proxy = words.length > 1 ? proxies.get(words[1]) : null;
        if (proxy == null) {
            return "error: no proxy named " + (words.length > 1 ? words[1] : "(none)") + " (have " + proxies.keySet() + ")";
        }
        return switch (words[0]) {
            case "cut" -> {
                proxy.cut(words.length > 2 && words[2].equalsIgnoreCase("blackhole") ? Mode.BLACKHOLE : Mode.REFUSE);
                yield "ok " + proxy;
            }
            case "restore" -> {
                proxy.restore();
                yield "ok " + proxy;
            }
            default -> "error: unknown command '" + words[0] + "' (cut <name> [blackhole], restore <name>, status)";
        };
    }

    /** Sends one command to a proxy process's control port; returns its answer, throws if it is an error. */
    public static String control(int controlPort, String command) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, controlPort), 3000);
            socket.setSoTimeout(15_000);
            PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
            out.println(command);
            String answer = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            if (answer == null || !answer.startsWith("ok")) {
                throw new IllegalStateException("proxy control '" + command + "': " + answer);
            }
            return answer;
        } catch (IOException e) {
            throw new IllegalStateException("proxy control port " + controlPort + " unreachable: " + e.getMessage(), e);
        }
    }
}
