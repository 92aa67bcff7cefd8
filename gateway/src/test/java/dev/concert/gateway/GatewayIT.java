package dev.concert.gateway;

import static dev.concert.gateway.TestHttp.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.concert.token.QueueTokenClaims;
import dev.concert.token.QueueTokens;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The real gateway in front of the real queue-service (same JVM, real Redis database 1, a key prefix of this run)
 * and a stub for the other services; the payment service is a closed port.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayIT {

    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String PREFIX = "{gwtest-" + RUN + "}:";
    static final String SECRET = "gateway-test-secret-gateway-test-secret";
    static final JsonMapper JSON = JsonMapper.builder().build();

    static StubUpstream stub;
    static StubUpstream secondConcertInstance;
    static QueueServiceUnderTest queueService;
    /** A second reservation-service instance that accepts connections and never answers: hung. */
    static ServerSocket hungInstance;

    @LocalServerPort
    int port;

    @Autowired
    QueueTokens tokens;

    @Autowired
    StringRedisTemplate redis;

    @DynamicPropertySource
    static void wire(DynamicPropertyRegistry registry) throws IOException {
        stub = new StubUpstream();
        secondConcertInstance = new StubUpstream("second");
        queueService = new QueueServiceUnderTest("--spring.data.redis.database=1", "--queue.key-prefix=" + PREFIX,
                "--queue.token.active-key-id=test", "--queue.token.keys[0].id=test",
                "--queue.token.keys[0].secret=" + SECRET, "--queue.admission.interval=PT0.2S",
                "--queue.admission.batch-size=1000", "--queue.active.capacity=1000",
                "--logging.level.root=WARN");
        registry.add("spring.data.redis.database", () -> 1);
        registry.add("queue.key-prefix", () -> PREFIX);
        // the tests play several clients behind one trusted proxy (themselves, on 127.0.0.1)
        registry.add("gateway.trusted-proxy-cidrs", () -> "127.0.0.1/32");
        registry.add("queue.token.active-key-id", () -> "test");
        registry.add("queue.token.keys[0].id", () -> "test");
        registry.add("queue.token.keys[0].secret", () -> SECRET);
        registry.add("QUEUE_SERVICE_URLS", queueService::url);
        registry.add("CONCERT_SERVICE_URLS", () -> stub.url() + "," + secondConcertInstance.url());
        hungInstance = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress()); // never accepts
        registry.add("RESERVATION_SERVICE_URLS", () -> stub.url() + ",http://127.0.0.1:" + hungInstance.getLocalPort());
        registry.add("spring.cloud.loadbalancer.health-check.interval", () -> "500ms");
        registry.add("resilience4j.timelimiter.instances.reservation-service.timeout-duration", () -> "1s");
        registry.add("WALLET_SERVICE_URLS", stub::url);
        registry.add("PAYMENT_SERVICE_URLS", () -> "http://127.0.0.1:" + closedPort());
        registry.add("GATEWAY_ISSUE_RATE_PER_SECOND", () -> 1);
        registry.add("GATEWAY_ISSUE_BURST", () -> 3);
        registry.add("resilience4j.timelimiter.instances.concert-service.timeout-duration", () -> "1s");
        registry.add("gateway.bare-route-uri", stub::url);
    }

    @AfterAll
    static void stop() throws IOException {
        if (hungInstance != null) {
            hungInstance.close();
        }
        if (queueService != null) {
            queueService.close();
        }
        if (stub != null) {
            stub.close();
            secondConcertInstance.close();
        }
    }

    @AfterAll
    static void removeTestKeys(@Autowired StringRedisTemplate redis) {
        try (var keys = redis.scan(ScanOptions.scanOptions().match(PREFIX + "*").count(1000).build())) {
            keys.forEachRemaining(redis::delete);
        }
    }

    // ---- token checks --------------------------------------------------------------------------------------

    @Test
    void a_protected_route_without_a_token_is_401_token_missing() {
        HttpResponse<String> response = get("/api/v1/concerts", null);

        assertProblem(response, 401, "TOKEN_MISSING");
    }

    @Test
    void a_forged_token_is_401_token_invalid() {
        String genuine = sign(UUID.randomUUID(), UUID.randomUUID(), Instant.now().plusSeconds(600));
        String forged = genuine.substring(0, genuine.lastIndexOf('.') + 1) + "AAAA" + genuine.substring(
                genuine.lastIndexOf('.') + 5);
        String foreign = new QueueTokens(new dev.concert.token.SigningKeys("test", List.of(
                dev.concert.token.SigningKey.of("test", "some-other-secret-some-other-secret!!", null))),
                java.time.Clock.systemUTC()).sign(claims(UUID.randomUUID(), UUID.randomUUID(),
                Instant.now().plusSeconds(600)));

        assertProblem(get("/api/v1/concerts", forged), 401, "TOKEN_INVALID");
        assertProblem(get("/api/v1/concerts", foreign), 401, "TOKEN_INVALID");
        assertProblem(get("/api/v1/queue/status", "not.a.jws"), 401, "TOKEN_INVALID");
    }

    @Test
    void an_expired_token_is_401_token_invalid() {
        String expired = tokens.sign(new QueueTokenClaims(UUID.randomUUID(), UUID.randomUUID(), 1,
                Instant.now().minusSeconds(7200), Instant.now().minusSeconds(1)));

        assertProblem(get("/api/v1/users/" + UUID.randomUUID() + "/wallet", expired), 401, "TOKEN_INVALID");
    }

    @Test
    void a_genuine_token_that_is_not_active_is_401_token_not_active_on_active_routes() {
        String waitingElsewhere = sign(UUID.randomUUID(), UUID.randomUUID(), Instant.now().plusSeconds(600));

        for (String path : List.of("/api/v1/concerts", "/api/v1/concerts/" + UUID.randomUUID() + "/schedules",
                "/api/v1/schedules/" + UUID.randomUUID() + "/seats", "/api/v1/reservations/" + UUID.randomUUID(),
                "/api/v1/payments/" + UUID.randomUUID())) {
            assertProblem(get(path, waitingElsewhere), 401, "TOKEN_NOT_ACTIVE");
        }
    }

    @Test
    void a_wallet_path_of_another_user_is_403_forbidden_user() {
        UUID user = UUID.randomUUID();
        String token = sign(user, UUID.randomUUID(), Instant.now().plusSeconds(600));

        assertProblem(get("/api/v1/users/" + UUID.randomUUID() + "/wallet", token), 403, "FORBIDDEN_USER");
        assertProblem(get("/api/v1/users/" + UUID.randomUUID() + "/wallet/transactions", token), 403,
                "FORBIDDEN_USER");
        assertProblem(get("/api/v1/users/not-a-uuid/wallet", token), 403, "FORBIDDEN_USER");
    }

    @Test
    void the_own_wallet_needs_only_a_valid_token_and_gets_identity_headers_from_it() {
        UUID user = UUID.randomUUID();
        UUID tokenId = UUID.randomUUID();
        String token = sign(user, tokenId, Instant.now().plusSeconds(600));

        HttpResponse<String> response = send(request("/api/v1/users/" + user + "/wallet/charges", token)
                .header("X-User-Id", UUID.randomUUID().toString()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":1000}")));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode echo = JSON.readTree(response.body());
        assertThat(echo.get("userId").asString()).isEqualTo(user.toString());
        assertThat(echo.get("tokenId").asString()).isEqualTo(tokenId.toString());
        assertThat(echo.get("userIdHeaders").asInt()).isEqualTo(1);
    }

    @Test
    void cancelling_a_reservation_needs_no_active_token_only_a_valid_one_that_names_the_caller() {
        UUID user = UUID.randomUUID();
        UUID tokenId = UUID.randomUUID(); // never ACTIVE: the visit that booked ended long ago
        String token = sign(user, tokenId, Instant.now().plusSeconds(600));
        String reservation = "/api/v1/reservations/" + UUID.randomUUID();
        // the first probes of a busy test JVM may take a moment to take the hung instance out of the rotation
        await().atMost(Duration.ofSeconds(10))
                .until(() -> send(request(reservation, token).DELETE()).statusCode() == 200);

        HttpResponse<String> response = send(request(reservation, token)
                .header("X-User-Id", UUID.randomUUID().toString()).DELETE());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode echo = JSON.readTree(response.body());
        assertThat(echo.get("method").asString()).isEqualTo("DELETE");
        assertThat(echo.get("path").asString()).isEqualTo(reservation);
        assertThat(echo.get("userId").asString()).isEqualTo(user.toString());
        assertThat(echo.get("tokenId").asString()).isEqualTo(tokenId.toString());
        assertThat(echo.get("userIdHeaders").asInt()).isEqualTo(1);
        // reading it, holding and listing still need an ACTIVE token
        assertProblem(get(reservation, token), 401, "TOKEN_NOT_ACTIVE");
        assertProblem(send(request("/api/v1/reservations", token).DELETE()), 401, "TOKEN_NOT_ACTIVE");
        // and the cancel itself needs a genuine, unexpired token
        assertProblem(send(request(reservation, null).header("X-User-Id", user.toString()).DELETE()), 401,
                "TOKEN_MISSING");
        String expired = tokens.sign(new QueueTokenClaims(user, tokenId, 1, Instant.now().minusSeconds(7200),
                Instant.now().minusSeconds(1)));
        assertProblem(send(request(reservation, expired).DELETE()), 401, "TOKEN_INVALID");
    }

    @Test
    void a_routed_request_carries_the_callers_trace_on_to_the_service() {
        String token = sign(UUID.randomUUID(), activeTokenId(), Instant.now().plusSeconds(600));
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";

        HttpResponse<String> traced = send(request("/api/v1/concerts", token)
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01").GET());
        HttpResponse<String> untraced = get("/api/v1/concerts", token);

        assertThat(JSON.readTree(traced.body()).get("traceparent").asString())
                .matches("00-" + traceId + "-[0-9a-f]{16}-0[01]");
        assertThat(JSON.readTree(untraced.body()).get("traceparent").asString())
                .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
    }

    // ---- the real flow through queue-service -----------------------------------------------------------------

    @Test
    void an_issued_token_becomes_active_and_then_passes_with_identity_headers_replaced() {
        UUID user = UUID.randomUUID();
        HttpResponse<String> issued = issue(user, randomClient());
        assertThat(issued.statusCode()).isEqualTo(201);
        String token = JSON.readTree(issued.body()).get("token").asString();
        UUID tokenId = tokens.verify(token).tokenId();

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(JSON.readTree(get("/api/v1/queue/status", token).body()).get("status").asString())
                        .isEqualTo("ACTIVE"));

        HttpResponse<String> response = send(request("/api/v1/concerts", token)
                .header("X-User-Id", UUID.randomUUID().toString())
                .header("X-Queue-Token-Id", UUID.randomUUID().toString()).GET());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode echo = JSON.readTree(response.body());
        assertThat(echo.get("path").asString()).isEqualTo("/api/v1/concerts");
        assertThat(echo.get("userId").asString()).isEqualTo(user.toString());
        assertThat(echo.get("tokenId").asString()).isEqualTo(tokenId.toString());
        assertThat(echo.get("userIdHeaders").asInt()).isEqualTo(1);

        // leaving through the gateway ends ACTIVE at once
        assertThat(send(request("/api/v1/queue/tokens/me", token).DELETE()).statusCode()).isEqualTo(204);
        assertProblem(get("/api/v1/concerts", token), 401, "TOKEN_NOT_ACTIVE");
        assertThat(JSON.readTree(get("/api/v1/queue/status", token).body()).get("status").asString())
                .isEqualTo("EXPIRED");
    }

    @Test
    void the_status_stream_flows_through_the_gateway_event_by_event() throws Exception {
        String token = JSON.readTree(issue(UUID.randomUUID(), randomClient()).body()).get("token").asString();

        HttpResponse<java.io.InputStream> response = TestHttp.CLIENT.send(request("/api/v1/queue/status/stream", token)
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("text/event-stream"));
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(response.body()))) {
            String line;
            do {
                line = lines.readLine();
            } while (line != null && !line.startsWith("data:"));
            assertThat(line).isNotNull();
            assertThat(JSON.readTree(line.substring(5)).get("status").asString()).isIn("WAITING", "ACTIVE");
        }
    }

    @Test
    void a_request_on_an_active_route_refreshes_a_stale_activity_score_and_leaves_a_fresh_one_alone() {
        UUID tokenId = UUID.randomUUID();
        String token = sign(UUID.randomUUID(), tokenId, Instant.now().plusSeconds(600));
        long stale = Instant.now().minusSeconds(120).toEpochMilli();
        redis.opsForZSet().add(PREFIX + "active", tokenId.toString(), stale);

        assertThat(get("/api/v1/concerts", token).statusCode()).isEqualTo(200);
        Double refreshed = redis.opsForZSet().score(PREFIX + "active", tokenId.toString());
        assertThat(refreshed).isGreaterThan(Instant.now().minusSeconds(5).toEpochMilli());

        assertThat(get("/api/v1/concerts", token).statusCode()).isEqualTo(200);
        assertThat(redis.opsForZSet().score(PREFIX + "active", tokenId.toString())).isEqualTo(refreshed);
    }

    @Test
    void an_active_token_idle_past_the_timeout_is_not_revived() {
        UUID tokenId = UUID.randomUUID();
        String token = sign(UUID.randomUUID(), tokenId, Instant.now().plusSeconds(600));
        redis.opsForZSet().add(PREFIX + "active", tokenId.toString(),
                Instant.now().minus(Duration.ofMinutes(11)).toEpochMilli());

        assertProblem(get("/api/v1/concerts", token), 401, "TOKEN_NOT_ACTIVE");
    }

    // ---- resilience -------------------------------------------------------------------------------------------

    @Test
    void a_service_that_cannot_be_reached_is_a_503_service_unavailable_naming_it() {
        UUID tokenId = activeTokenId();
        String token = sign(UUID.randomUUID(), tokenId, Instant.now().plusSeconds(600));

        HttpResponse<String> response = get("/api/v1/payments/" + UUID.randomUUID(), token);

        JsonNode problem = assertProblem(response, 503, "SERVICE_UNAVAILABLE");
        assertThat(problem.get("service").asString()).isEqualTo("payment-service");
        assertThat(problem.get("detail").asString()).contains("payment-service");
    }

    @Test
    void a_service_slower_than_its_timeout_is_a_503_after_the_timeout() {
        String token = sign(UUID.randomUUID(), activeTokenId(), Instant.now().plusSeconds(600));

        long start = System.nanoTime();
        HttpResponse<String> response = get("/api/v1/concerts/slow", token);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        JsonNode problem = assertProblem(response, 503, "SERVICE_UNAVAILABLE");
        assertThat(problem.get("service").asString()).isEqualTo("concert-service");
        assertThat(took).isLessThan(Duration.ofMillis(2500));
    }

    @Test
    void a_service_with_several_instances_gets_requests_on_each_of_them() {
        String token = sign(UUID.randomUUID(), activeTokenId(), Instant.now().plusSeconds(600));
        java.util.Set<String> instances = new java.util.HashSet<>();
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> response = get("/api/v1/concerts", token);
            assertThat(response.statusCode()).isEqualTo(200);
            instances.add(JSON.readTree(response.body()).get("instance").asString());
        }

        assertThat(instances).containsExactlyInAnyOrder("stub", "second");
    }

    @Test
    void an_instance_that_accepts_connections_but_never_answers_gets_no_requests() {
        String token = sign(UUID.randomUUID(), activeTokenId(), Instant.now().plusSeconds(600));
        String seats = "/api/v1/schedules/" + UUID.randomUUID() + "/seats";
        // the first probes of a busy test JVM may take a moment
        await().atMost(Duration.ofSeconds(10)).until(() -> get(seats, token).statusCode() == 200);

        for (int i = 0; i < 8; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = get(seats, token);

            // round robin over both instances would send every other request into the 1 s time limit and a 503
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).get("instance").asString()).isEqualTo("stub");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(900));
        }
    }

    @Test
    void many_concurrent_calls_to_one_service_all_pass_its_breaker() throws Exception {
        UUID user = UUID.randomUUID();
        String token = sign(user, UUID.randomUUID(), Instant.now().plusSeconds(600));
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            calls.add(TestHttp.CLIENT.sendAsync(request("/api/v1/users/" + user + "/wallet/pause", token).GET().build(),
                    HttpResponse.BodyHandlers.ofString()));
        }

        for (var call : calls) {
            assertThat(call.get().statusCode()).as(call.get().body()).isEqualTo(200);
        }
    }

    @Test
    void token_issue_is_rate_limited_per_client_with_a_429_problem() {
        String client = randomClient();
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> limited = null;
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> response = issue(UUID.randomUUID(), client);
            statuses.add(response.statusCode());
            if (response.statusCode() == 429) {
                limited = response;
            }
        }

        assertThat(statuses.subList(0, 3)).containsOnly(201);
        assertThat(statuses).contains(429);
        assertProblem(limited, 429, "RATE_LIMITED");
        assertThat(issue(UUID.randomUUID(), randomClient()).statusCode()).as("another client is not limited")
                .isEqualTo(201);
    }

    @Test
    void the_diagnostic_bare_route_when_configured_passes_without_any_check() {
        HttpResponse<String> response = send(request("/diagnostics/bare/ping", null)
                .header("X-User-Id", "spoofed").GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("userIdHeaders").asInt()).isZero();
    }

    // ---- what is never routed -----------------------------------------------------------------------------------

    @Test
    void internal_paths_and_unknown_paths_are_404_and_dot_segments_are_refused() {
        String token = sign(UUID.randomUUID(), activeTokenId(), Instant.now().plusSeconds(600));

        assertProblem(get("/internal/reservations/" + UUID.randomUUID(), token), 404, "NOT_FOUND");
        assertProblem(get("/api/v1/nothing-here", token), 404, "NOT_FOUND");
        assertProblem(get("/api/v1/schedules/%2e%2e/%2e%2e/%2e%2e/internal/reservations/1", token), 400,
                "PATH_NOT_ALLOWED");
        assertProblem(get("/api/v1/schedules/x/../../../internal/reservations/1", token), 400, "PATH_NOT_ALLOWED");
        assertProblem(get("/api/v1/schedules/x/../../../actuator/health", token), 400, "PATH_NOT_ALLOWED");
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private UUID activeTokenId() {
        UUID tokenId = UUID.randomUUID();
        redis.opsForZSet().add(PREFIX + "active", tokenId.toString(), System.currentTimeMillis());
        return tokenId;
    }

    private static QueueTokenClaims claims(UUID user, UUID tokenId, Instant expires) {
        return new QueueTokenClaims(user, tokenId, 1, Instant.now().minusSeconds(1), expires);
    }

    private String sign(UUID user, UUID tokenId, Instant expires) {
        return tokens.sign(claims(user, tokenId, expires));
    }

    private static String randomClient() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(1, 255);
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10));
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> get(String path, String token) {
        return send(request(path, token).GET());
    }

    private HttpResponse<String> issue(UUID user, String client) {
        return send(request("/api/v1/queue/tokens", null).header("Content-Type", "application/json")
                .header("X-Forwarded-For", client)
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"" + user + "\"}")));
    }

    private static JsonNode assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response).isNotNull();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/problem+json"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("code").asString()).isEqualTo(code);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.has("type") && body.has("title") && body.has("detail")).isTrue();
        return body;
    }
}
