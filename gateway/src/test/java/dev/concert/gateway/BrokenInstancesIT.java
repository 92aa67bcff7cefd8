package dev.concert.gateway;

import dev.concert.testing.TestIssuer;
import org.springframework.test.context.ContextConfiguration;

import static dev.concert.gateway.TestHttp.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.json.JsonMapper;

import dev.concert.token.QueueTokenClaims;
import dev.concert.token.QueueTokens;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * wallet-service behind the real gateway as two instances: a stub, and one that passes its readiness probe but drops
 * every other connection after reading the request, as an instance killed mid-request does. reservation-service as a
 * stub and a frozen instance (SIGSTOP): its port accepts connections and its probe answered before it froze, but no
 * request gets an answer. Nothing here needs Redis (these routes need the access token only).
 */
@ContextConfiguration(initializers = TestIssuer.Registration.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BrokenInstancesIT {

    static final String SECRET = "broken-instances-test-secret-broken-instances";
    static final JsonMapper JSON = JsonMapper.builder().build();
    /** The waiting room of the tests' tokens (the wallet routes ask for none; a token is sent anyway). */
    static final UUID ROOM = UUID.randomUUID();

    static StubUpstream stub;
    static DroppingInstance dropping;
    static DroppingInstance droppingReads;
    static FrozenInstance frozen;

    @LocalServerPort
    int port;

    @Autowired
    QueueTokens tokens;

    @DynamicPropertySource
    static void wire(DynamicPropertyRegistry registry) throws IOException {
        stub = new StubUpstream();
        dropping = new DroppingInstance();
        droppingReads = new DroppingInstance();
        frozen = new FrozenInstance();
        registry.add("queue.token.keys[0].id", () -> "k1");
        registry.add("queue.token.keys[0].secret", () -> SECRET);
        registry.add("WALLET_SERVICE_URLS", () -> stub.url() + "," + dropping.url());
        // each test its own service: an instance set aside for one test's failures stays aside for 10 s
        registry.add("CONCERT_SERVICE_URLS", () -> stub.url() + "," + droppingReads.url());
        registry.add("RESERVATION_SERVICE_URLS", () -> stub.url() + "," + frozen.url());
        registry.add("spring.cloud.loadbalancer.health-check.interval", () -> "2s");
        // six charges of one account in a row: not the charges limit under test here
        registry.add("GATEWAY_CHARGE_RATE_PER_SECOND", () -> 1000);
        registry.add("GATEWAY_CHARGE_BURST", () -> 1000);
    }

    @AfterAll
    static void stop() throws IOException {
        stub.close();
        dropping.close();
        droppingReads.close();
        frozen.close();
    }

    @Test
    void a_read_sent_to_a_frozen_instance_is_answered_by_the_other_one_and_the_frozen_one_is_set_aside() {
        String token = token(UUID.randomUUID());
        List<Long> millis = new ArrayList<>();

        for (int i = 0; i < 12; i++) {
            long started = System.nanoTime();
            HttpResponse<String> response = get("/api/v1/reservations", token);
            millis.add(Duration.ofNanos(System.nanoTime() - started).toMillis());

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).get("instance").asString()).isEqualTo("stub");
        }
        // each read it got waited for the read routes' attempt timeout (1 s) before going to the stub; after three
        // such reads in a row it gets none until its ejection ends (10 s), so the later reads do not wait
        assertThat(frozen.received()).isBetween(1, 3);
        assertThat(millis.subList(6, 12)).allSatisfy(ms -> assertThat(ms).isLessThan(900));
    }

    @Test
    void a_read_whose_connection_broke_is_answered_by_the_next_instance() {
        String token = token(UUID.randomUUID());

        for (int i = 0; i < 6; i++) {
            HttpResponse<String> response = get("/api/v1/concerts", token);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).get("instance").asString()).isEqualTo("stub");
        }
        // tried until three drops in a row set it aside (OutlierEjection)
        assertThat(droppingReads.dropped()).as("the broken instance was tried").isBetween(1, 3);
    }

    @Test
    void a_write_whose_connection_broke_is_not_sent_again() {
        UUID user = UUID.randomUUID();
        String token = token(user);
        List<Integer> statuses = new ArrayList<>();
        int droppedBefore = dropping.dropped();

        for (int i = 0; i < 6; i++) {
            statuses.add(send(request("/api/v1/users/" + user + "/wallet/charges", token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":1000}"))).statusCode());
        }

        // it may have been carried out: the client is told it failed (and retries with its Idempotency-Key)
        int dropped = dropping.dropped() - droppedBefore;
        assertThat(dropped).isPositive();
        assertThat(statuses).filteredOn(status -> status == 503).hasSize(dropped);
        assertThat(statuses).filteredOn(status -> status == 200).hasSize(6 - dropped);
    }

    private String token(UUID user) {
        return tokens.sign(new QueueTokenClaims(user, UUID.randomUUID(), ROOM, 1, Instant.now(),
                Instant.now().plusSeconds(600)));
    }

    private HttpRequest.Builder request(String path, String token) {
        return TestHttp.asOwner(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)), token);
    }

    private HttpResponse<String> get(String path, String token) {
        return send(request(path, token).GET());
    }

    /**
     * Accepts connections and reads requests but never answers them, as a process stopped by SIGSTOP; its readiness
     * probe still passes (it froze just after a probe, the probes would only notice at their next round).
     */
    static final class FrozenInstance implements AutoCloseable {

        private final ServerSocket server;
        private final ServerSocket management;
        private final AtomicInteger received = new AtomicInteger();
        private final List<Socket> held = new CopyOnWriteArrayList<>();

        FrozenInstance() throws IOException {
            ServerSocket[] pair = ManagementPorts.bindPair();
            server = pair[0];
            management = pair[1];
            for (ServerSocket listening : pair) {
                Thread.ofVirtual().start(() -> {
                    while (!listening.isClosed()) {
                        try {
                            Socket socket = listening.accept();
                            held.add(socket);
                            Thread.ofVirtual().start(() -> {
                                if (listening == server) {
                                    countRequests(socket);
                                } else {
                                    answerProbes(socket);
                                }
                            });
                        } catch (IOException closed) {
                            return;
                        }
                    }
                });
            }
        }

        private void countRequests(Socket socket) {
            try {
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.ISO_8859_1));
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("GET ")) {
                        received.incrementAndGet();
                    }
                }
            } catch (IOException ignored) {
                // the gateway gave up on the connection
            }
        }

        private static void answerProbes(Socket socket) {
            try (socket) {
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.ISO_8859_1));
                while (in.readLine() != null) {
                    skipHeaders(in);
                    answerOk(socket);
                }
            } catch (IOException ignored) {
                // the gateway closed the probe's connection
            }
        }

        int received() {
            return received.get();
        }

        String url() {
            return "http://127.0.0.1:" + server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
            management.close();
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    /**
     * Answers its readiness probe (on its management port); reads any other request and closes the connection
     * without an answer.
     */
    static final class DroppingInstance implements AutoCloseable {

        private final ServerSocket server;
        private final ServerSocket management;
        private final AtomicInteger dropped = new AtomicInteger();

        DroppingInstance() throws IOException {
            ServerSocket[] pair = ManagementPorts.bindPair();
            server = pair[0];
            management = pair[1];
            for (ServerSocket listening : pair) {
                Thread.ofVirtual().start(() -> {
                    while (!listening.isClosed()) {
                        try {
                            Socket socket = listening.accept();
                            Thread.ofVirtual().start(() -> handle(socket));
                        } catch (IOException closed) {
                            return;
                        }
                    }
                });
            }
        }

        private void handle(Socket socket) {
            try (socket) {
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.ISO_8859_1));
                String requestLine;
                while ((requestLine = in.readLine()) != null) {
                    skipHeaders(in);
                    if (!requestLine.contains("/actuator/health/readiness")) {
                        dropped.incrementAndGet();
                        return; // the body, if any, is left unread: closing now is the point
                    }
                    answerOk(socket);
                }
            } catch (IOException ignored) {
                // the gateway went away first
            }
        }

        int dropped() {
            return dropped.get();
        }

        String url() {
            return "http://127.0.0.1:" + server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
            management.close();
        }
    }

    /** Reads up to the blank line that ends a request's headers. */
    static void skipHeaders(BufferedReader in) throws IOException {
        String header;
        do {
            header = in.readLine();
        } while (header != null && !header.isEmpty());
    }

    /** A readiness probe's answer: 200 with an empty JSON object. */
    static void answerOk(Socket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }
}
