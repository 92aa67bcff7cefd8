// A trivial upstream for bench/queue-gateway.sh: answers every request with a tiny JSON body, on <port> and on
// <port> + 1000 (its "management port", where the gateway's readiness probe goes).
// Run as a single-file program: java bench/queue-gateway-upstream.java <port>
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

public class QueueGatewayUpstream {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
        for (int listening : new int[] {port, port + 1000}) {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", listening), 1024);
            server.setExecutor(Executors.newFixedThreadPool(listening == port ? 8 : 1));
            server.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }
        System.out.println("upstream listening on " + port);
    }
}
