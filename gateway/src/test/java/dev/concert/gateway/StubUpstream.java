package dev.concert.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A trivial upstream for the protected routes: answers every path with a JSON echo of what it received (path,
 * method, the identity headers and the room header {@code X-Queue-Room}), or after a delay for paths ending in
 * {@code /slow} (3 s) or {@code /pause} (300 ms). It remembers the raw path of every request it received.
 */
final class StubUpstream implements AutoCloseable {

    private final HttpServer server;
    /** the same answers on the instance's management port, where the gateway's readiness probe goes */
    private final HttpServer management;
    private final String name;
    private final ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();

    StubUpstream() throws IOException {
        this("stub");
    }

    StubUpstream(String name) throws IOException {
        this.name = name;
        HttpServer[] servers = bindPair();
        server = servers[0];
        management = servers[1];
    }

    private HttpServer[] bindPair() throws IOException {
        for (int attempt = 1; ; attempt++) {
            int port = ManagementPorts.freeApiPort();
            HttpServer api = null;
            try {
                api = start(port);
                return new HttpServer[] {api, start(port + ManagementPorts.OFFSET)};
            } catch (BindException taken) {
                if (api != null) {
                    api.stop(0);
                }
                if (attempt == 10) {
                    throw taken;
                }
            }
        }
    }

    private HttpServer start(int port) throws IOException {
        HttpServer started = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        started.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        started.createContext("/", this::answer);
        started.start();
        return started;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The raw paths of the requests received so far (its management port's probes included), oldest first. */
    List<String> received() {
        return List.copyOf(received);
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            received.add(exchange.getRequestURI().getRawPath());
            exchange.getRequestBody().readAllBytes();
            if (exchange.getRequestURI().getPath().endsWith("/slow")) {
                Thread.sleep(3000);
            } else if (exchange.getRequestURI().getPath().endsWith("/pause")) {
                Thread.sleep(300);
            }
            String body = "{\"instance\":\"" + name + "\",\"path\":\"" + exchange.getRequestURI().getRawPath() + "\",\"method\":\""
                    + exchange.getRequestMethod() + "\",\"userId\":" + quoted(exchange, "X-User-Id")
                    + ",\"tokenId\":" + quoted(exchange, "X-Queue-Token-Id")
                    + ",\"traceparent\":" + quoted(exchange, "traceparent")
                    + ",\"authorization\":" + quoted(exchange, "Authorization")
                    + ",\"queueToken\":" + quoted(exchange, "Queue-Token")
                    + ",\"clientAddress\":" + quoted(exchange, "X-Client-Address")
                    + ",\"room\":" + quoted(exchange, "X-Queue-Room")
                    + ",\"roomHeaders\":" + count(exchange, "X-Queue-Room")
                    + ",\"userIdHeaders\":" + count(exchange, "X-User-Id") + "}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String quoted(HttpExchange exchange, String header) {
        String value = exchange.getRequestHeaders().getFirst(header);
        return value == null ? "null" : "\"" + value + "\"";
    }

    private static int count(HttpExchange exchange, String header) {
        var values = exchange.getRequestHeaders().get(header);
        return values == null ? 0 : values.size();
    }

    @Override
    public void close() {
        server.stop(0);
        management.stop(0);
    }
}
