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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

import dev.concert.gateway.token.QueueTokenFilter;
import dev.concert.queue.room.Rooms;
import dev.concert.queuestatus.RoomKeys;
import dev.concert.testing.TestIssuer;
import dev.concert.token.QueueTokenClaims;
import dev.concert.token.QueueTokens;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The real gateway in front of the real queue-service (same JVM, real Redis database 1, a key prefix of this run)
 * and a stub for the other services; the payment service is a closed port. Access tokens come from the
 * {@link TestIssuer} (real RSA keys, a real JWK set over HTTP), trusted by configuration as any provider would be.
 * The tests' queue tokens are for one waiting room ({@link #ROOM}, open since 2020), made by queue-service itself.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayIT {

    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String PREFIX = "{gwtest-" + RUN + "}:";
    /** The waiting room of the tests' tokens: the id of the schedule whose sale it protects. */
    static final UUID ROOM = UUID.randomUUID();
    /** An ACTIVE route of {@link #ROOM}'s schedule. */
    static final String SEATS = "/api/v1/schedules/" + ROOM + "/seats";
    /** {@link #ROOM}'s ACTIVE set. */
    static final String ACTIVE = RoomKeys.prefix(PREFIX, ROOM) + "active";
    static final String SECRET = "gateway-test-secret-gateway-test-secret";
    static final JsonMapper JSON = JsonMapper.builder().build();

    static StubUpstream stub;
    static StubUpstream secondConcertInstance;
    static QueueServiceUnderTest queueService;
    /** A second reservation-service instance that accepts connections and never answers, its probe neither: hung. */
    static ServerSocket[] hungInstance;

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

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
        queueService.bean(Rooms.class).saleAnnounced(ROOM, Instant.parse("2020-01-01T00:00:00Z"));
        registry.add("spring.data.redis.database", () -> 1);
        registry.add("queue.key-prefix", () -> PREFIX);
        // the tests play several clients behind one trusted proxy (themselves, on 127.0.0.1)
        registry.add("gateway.trusted-proxy-cidrs", () -> "127.0.0.1/32");
        registry.add("queue.token.active-key-id", () -> "test");
        registry.add("queue.token.keys[0].id", () -> "test");
        registry.add("queue.token.keys[0].secret", () -> SECRET);
        registry.add("QUEUE_SERVICE_URLS", queueService::url);
        registry.add("CONCERT_SERVICE_URLS", () -> stub.url() + "," + secondConcertInstance.url());
        hungInstance = ManagementPorts.bindPair(); // never accepts, on its API port or its management port
        registry.add("RESERVATION_SERVICE_URLS",
                () -> stub.url() + ",http://127.0.0.1:" + hungInstance[0].getLocalPort());
        registry.add("spring.cloud.loadbalancer.health-check.interval", () -> "2s");
        registry.add("resilience4j.timelimiter.instances.reservation-service.timeout-duration", () -> "1s");
        registry.add("WALLET_SERVICE_URLS", stub::url);
        registry.add("PAYMENT_SERVICE_URLS", () -> "http://127.0.0.1:" + closedPort());
        registry.add("GATEWAY_ISSUE_RATE_PER_SECOND", () -> 1);
        registry.add("GATEWAY_ISSUE_BURST", () -> 3);
        registry.add("resilience4j.timelimiter.instances.concert-service.timeout-duration", () -> "1s");
        registry.add("gateway.bare-route-uri", stub::url);
        TestIssuer issuer = TestIssuer.shared();
        registry.add("concert.access-token.issuers.test.issuer", issuer::issuer);
        registry.add("concert.access-token.issuers.test.jwk-set-uri", issuer::jwkSetUri);
        registry.add("concert.access-token.issuers.test.subject-is-account-id", () -> true);
        registry.add("concert.access-token.jwk-refresh-min-interval", () -> "0s");
        // a trusted provider that is down: its keys cannot be fetched
        registry.add("concert.access-token.issuers.down.issuer", () -> "https://down.example");
        registry.add("concert.access-token.issuers.down.jwk-set-uri", () -> "http://127.0.0.1:" + closedPort() + "/jwks");
    }

    @AfterAll
    static void stop() throws IOException {
        if (hungInstance != null) {
            ManagementPorts.close(hungInstance);
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
        // the queue's own keys and every room's ({gwtest-<run>:room:<id>}:...)
        try (var keys = redis.scan(ScanOptions.scanOptions().match("{gwtest-" + RUN + "*").count(1000).build())) {
            keys.forEachRemaining(redis::delete);
        }
    }

    // ---- the access token: every API route but sign-up needs one, checked before anything is routed -----------

    @Test
    void an_api_route_without_an_access_token_is_401_access_token_missing() {
        for (String path : List.of("/api/v1/concerts", SEATS, "/api/v1/users/me/wallet", "/api/v1/reservations",
                "/api/v1/queue/status", "/api/v1/nothing-here")) {
            HttpResponse<String> response = send(plain(path).header("X-User-Id", UUID.randomUUID().toString()).GET());
            assertProblem(response, 401, "ACCESS_TOKEN_MISSING");
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("Bearer"));
        }
        assertProblem(send(plain("/api/v1/queue/tokens").POST(HttpRequest.BodyPublishers.noBody())), 401,
                "ACCESS_TOKEN_MISSING");
    }

    @Test
    void access_tokens_that_are_not_genuine_current_and_ours_are_401() {
        UUID user = UUID.randomUUID();
        TestIssuer issuer = TestIssuer.shared();
        JWTClaimsSet genuine = issuer.claims(user, c -> { });
        String valid = TestIssuer.sign(issuer.signingKey(), genuine);
        String[] parts = valid.split("\\.");
        String otherSubject = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                issuer.claims(UUID.randomUUID(), c -> { }).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertProblem(get("/api/v1/users/me/wallet", bearer(issuer.token(user,
                c -> c.issueTime(java.util.Date.from(Instant.now().minusSeconds(1200)))
                        .notBeforeTime(java.util.Date.from(Instant.now().minusSeconds(1200)))
                        .expirationTime(java.util.Date.from(Instant.now().minusSeconds(120)))))), 401,
                "ACCESS_TOKEN_EXPIRED");
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put("unknown key", TestIssuer.sign(TestIssuer.newKey(), genuine));
        refused.put("another issuer", TestIssuer.sign(issuer.signingKey(),
                issuer.claims(user, c -> c.issuer("https://evil.example"))));
        refused.put("another audience", TestIssuer.sign(issuer.signingKey(),
                issuer.claims(user, c -> c.audience("someone-else"))));
        refused.put("alg none", new PlainJWT(genuine).serialize());
        refused.put("tampered payload", parts[0] + "." + otherSubject + "." + parts[2]);
        refused.put("HMAC with the public key's id", hmac(genuine, issuer.signingKey().getKeyID()));
        refused.put("the queue token as access token", sign(user, UUID.randomUUID(), Instant.now().plusSeconds(600)));
        refused.put("garbage", "not.a.jwt");
        refused.forEach((what, token) -> assertProblem(get("/api/v1/users/me/wallet", bearer(token)), 401,
                "ACCESS_TOKEN_INVALID"));
    }

    @Test
    void a_provider_whose_keys_cannot_be_fetched_is_a_quick_503_not_a_401() {
        String token = TestIssuer.sign(TestIssuer.newKey(), TestIssuer.shared().claims(UUID.randomUUID(),
                c -> c.issuer("https://down.example")));

        long start = System.nanoTime();
        HttpResponse<String> response = get("/api/v1/users/me/wallet", bearer(token));

        assertProblem(response, 503, "IDENTITY_PROVIDER_UNAVAILABLE");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void a_rotated_key_is_followed_without_a_restart() {
        TestIssuer issuer = TestIssuer.shared();
        issuer.rotate();

        String signedWithTheNewKey = issuer.accessToken(UUID.randomUUID());

        assertThat(get("/api/v1/users/me/wallet", bearer(signedWithTheNewKey)).statusCode()).isEqualTo(200);
    }

    // ---- the queue token: its own header, and only for the user it was issued to ---------------------------------

    @Test
    void an_active_route_without_a_queue_token_is_401_queue_token_missing() {
        assertProblem(get(SEATS, bearer(TestIssuer.shared().accessToken(UUID.randomUUID()))), 401,
                "QUEUE_TOKEN_MISSING");
    }

    @Test
    void a_forged_queue_token_is_401_queue_token_invalid() {
        String genuine = sign(UUID.randomUUID(), UUID.randomUUID(), Instant.now().plusSeconds(600));
        String forged = genuine.substring(0, genuine.lastIndexOf('.') + 1) + "AAAA" + genuine.substring(
                genuine.lastIndexOf('.') + 5);
        String foreign = new QueueTokens(new dev.concert.token.SigningKeys("test", List.of(
                dev.concert.token.SigningKey.of("test", "some-other-secret-some-other-secret!!", null))),
                java.time.Clock.systemUTC()).sign(claims(UUID.randomUUID(), UUID.randomUUID(),
                Instant.now().plusSeconds(600)));
        String expired = tokens.sign(new QueueTokenClaims(UUID.randomUUID(), UUID.randomUUID(), ROOM, 1,
                Instant.now().minusSeconds(7200), Instant.now().minusSeconds(1)));

        assertProblem(get(SEATS, forged), 401, "QUEUE_TOKEN_INVALID");
        assertProblem(get(SEATS, foreign), 401, "QUEUE_TOKEN_INVALID");
        assertProblem(get("/api/v1/queue/status", expired), 401, "QUEUE_TOKEN_INVALID");
        assertProblem(send(plain("/api/v1/queue/status")
                .header("Authorization", "Bearer " + TestIssuer.shared().accessToken(UUID.randomUUID()))
                .header(QueueTokens.HEADER, "not.a.jws").GET()), 401, "QUEUE_TOKEN_INVALID");
    }

    @Test
    void a_queue_token_of_user_a_with_the_access_token_of_user_b_is_403() {
        UUID a = UUID.randomUUID();
        String tokenOfA = sign(a, activeTokenId(), Instant.now().plusSeconds(600));
        String accessOfB = TestIssuer.shared().accessToken(UUID.randomUUID());

        for (String path : List.of(SEATS, "/api/v1/queue/status")) {
            assertProblem(send(plain(path).header("Authorization", "Bearer " + accessOfB)
                    .header(QueueTokens.HEADER, tokenOfA).GET()), 403, "QUEUE_TOKEN_NOT_YOURS");
        }
        awaitSeatsRouted();
        assertThat(get(SEATS, tokenOfA).statusCode()).as("its owner still passes").isEqualTo(200);
    }

    @Test
    void a_genuine_queue_token_that_is_not_active_is_401_queue_token_not_active_on_active_routes() {
        String waitingElsewhere = sign(UUID.randomUUID(), UUID.randomUUID(), Instant.now().plusSeconds(600));

        for (String path : List.of(SEATS, "/api/v1/schedules/" + ROOM, "/api/v1/schedules/" + ROOM + "/seats/"
                + UUID.randomUUID())) {
            assertProblem(get(path, waitingElsewhere), 401, "QUEUE_TOKEN_NOT_ACTIVE");
        }
        for (String path : List.of("/api/v1/reservations", "/api/v1/payments")) {
            assertProblem(send(request(path, waitingElsewhere).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))), 401, "QUEUE_TOKEN_NOT_ACTIVE");
        }
    }

    // ---- waiting rooms: a queue token is for the room of one schedule's sale -------------------------------------

    @Test
    void a_token_of_room_a_on_room_bs_seats_is_403_wrong_room_and_touches_nothing() {
        UUID tokenId = UUID.randomUUID();
        String token = sign(UUID.randomUUID(), tokenId, Instant.now().plusSeconds(600));
        long stale = Instant.now().minusSeconds(120).toEpochMilli(); // a touch would refresh it
        redis.opsForZSet().add(ACTIVE, tokenId.toString(), stale);
        UUID roomB = UUID.randomUUID();
        String notActive = sign(UUID.randomUUID(), UUID.randomUUID(), Instant.now().plusSeconds(600));

        for (String path : List.of("/api/v1/schedules/" + roomB + "/seats", "/api/v1/schedules/" + roomB,
                "/api/v1/schedules/" + roomB + "/seats/" + UUID.randomUUID(), "/api/v1/schedules/not-a-room/seats")) {
            JsonNode problem = assertProblem(get(path, token), 403, "WRONG_ROOM");
            assertThat(problem.get("detail").asString()).contains(ROOM.toString());
            // decided from the token and the path alone: not ACTIVE anywhere, still WRONG_ROOM (not 401)
            assertProblem(get(path, notActive), 403, "WRONG_ROOM");
        }

        assertThat(redis.opsForZSet().score(ACTIVE, tokenId.toString())).as("its ACTIVE score in room A")
                .isEqualTo((double) stale);
        assertThat(redis.hasKey(RoomKeys.prefix(PREFIX, roomB) + "active")).as("nothing of room B").isFalse();
        assertThat(stub.received()).as("no request reached the service")
                .noneMatch(path -> path.contains(roomB.toString()) || path.contains("not-a-room"));
        // the same token on its own room's seats passes, and is touched
        awaitSeatsRouted();
        assertThat(get(SEATS, token).statusCode()).isEqualTo(200);
        assertThat(redis.opsForZSet().score(ACTIVE, tokenId.toString())).isGreaterThan((double) stale);
    }

    @Test
    void an_active_request_carries_the_tokens_room_to_the_service_and_a_client_written_room_header_never_does() {
        UUID user = UUID.randomUUID();
        String token = sign(user, activeTokenId(), Instant.now().plusSeconds(600));
        String other = UUID.randomUUID().toString();
        awaitSeatsRouted();

        for (HttpRequest.Builder active : List.of(request(SEATS, token).GET(),
                request("/api/v1/reservations", token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"scheduleId\":\"" + other + "\"}")))) {
            HttpResponse<String> response = send(active.header(QueueTokenFilter.ROOM_HEADER, other));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode echo = JSON.readTree(response.body());
            assertThat(echo.get("room").asString()).isEqualTo(ROOM.toString());
            assertThat(echo.get("roomHeaders").asInt()).as("the token's room only").isEqualTo(1);
        }

        // routes without a queue token: no room at all, whatever the client wrote
        for (String path : List.of("/api/v1/users/me/wallet", "/api/v1/concerts")) {
            HttpResponse<String> response = send(request(path, token).header(QueueTokenFilter.ROOM_HEADER, other)
                    .GET());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode echo = JSON.readTree(response.body());
            assertThat(echo.get("room").isNull()).as(path).isTrue();
            assertThat(echo.get("roomHeaders").asInt()).as(path).isZero();
        }
    }

    @Test
    void listing_concerts_needs_a_signed_in_user_but_no_queue_token() {
        String access = TestIssuer.shared().accessToken(UUID.randomUUID());
        String notActive = sign(UUID.randomUUID(), UUID.randomUUID(), Instant.now().plusSeconds(600));

        for (String path : List.of("/api/v1/concerts", "/api/v1/concerts/" + UUID.randomUUID() + "/schedules")) {
            HttpResponse<String> listed = get(path, bearer(access));
            assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
            JsonNode echo = JSON.readTree(listed.body());
            assertThat(echo.get("path").asString()).isEqualTo(path);
            assertThat(echo.get("authorization").asString()).isEqualTo("Bearer " + access);
            // a queue token that is not ACTIVE (in another sale's room, say) does not get in the way either
            assertThat(get(path, notActive).statusCode()).isEqualTo(200);

            HttpResponse<String> anonymous = send(plain(path).GET());
            assertProblem(anonymous, 401, "ACCESS_TOKEN_MISSING");
        }
    }

    @Test
    void a_wallet_path_of_another_user_is_403_forbidden_user_however_it_is_spelled() {
        String access = TestIssuer.shared().accessToken(UUID.randomUUID());
        UUID victim = UUID.randomUUID();

        for (String path : List.of("/api/v1/users/" + victim + "/wallet", "/api/v1/users/" + victim
                + "/wallet/transactions", "/api/v1/users/not-a-uuid/wallet")) {
            assertProblem(get(path, bearer(access)), 403, "FORBIDDEN_USER");
        }
        for (String path : List.of("/api/v1/users;x/" + victim + "/wallet", "/api/v1/users/" + victim + ";x/wallet",
                "/api/v1/schedules/x/..;/..;/internal;x/reservations/1")) {
            assertProblem(get(path, bearer(access)), 400, "PATH_NOT_ALLOWED");
        }
    }

    @Test
    void what_a_fan_owns_needs_only_the_access_token_which_goes_on_unchanged_and_no_identity_header_does() {
        UUID user = UUID.randomUUID();
        String access = TestIssuer.shared().accessToken(user);
        String reservation = "/api/v1/reservations/" + UUID.randomUUID();
        // the first probes of a busy test JVM may take a moment to take the hung instance out of the rotation
        await().atMost(Duration.ofSeconds(10))
                .until(() -> send(plain(reservation).header("Authorization", "Bearer " + access).DELETE())
                        .statusCode() == 200);

        for (HttpRequest.Builder request : List.of(
                plain("/api/v1/users/me/wallet/charges").header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":1000}")),
                plain("/api/v1/users/" + user + "/wallet").GET(),
                plain(reservation).DELETE(),
                plain(reservation).GET(),
                plain("/api/v1/reservations").GET())) {
            HttpResponse<String> response = send(request.header("Authorization", "Bearer " + access)
                    .header("X-User-Id", UUID.randomUUID().toString())
                    .header("X-Queue-Token-Id", UUID.randomUUID().toString())
                    .header("X-Client-Address", "10.9.9.9")
                    .header(QueueTokenFilter.ROOM_HEADER, ROOM.toString()));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode echo = JSON.readTree(response.body());
            assertThat(echo.get("authorization").asString()).isEqualTo("Bearer " + access);
            assertThat(echo.get("userIdHeaders").asInt()).isZero();
            assertThat(echo.get("tokenId").isNull()).isTrue();
            assertThat(echo.get("clientAddress").isNull()).isTrue();
            assertThat(echo.get("room").isNull()).as("no room on a route without a queue token").isTrue();
        }
    }

    @Test
    void a_routed_request_carries_the_callers_trace_on_to_the_service() {
        String token = sign(UUID.randomUUID(), activeTokenId(), Instant.now().plusSeconds(600));
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";

        awaitSeatsRouted();

        HttpResponse<String> traced = send(request(SEATS, token)
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01").GET());
        HttpResponse<String> untraced = get(SEATS, token);

        assertThat(JSON.readTree(traced.body()).get("traceparent").asString())
                .matches("00-" + traceId + "-[0-9a-f]{16}-0[01]");
        assertThat(JSON.readTree(untraced.body()).get("traceparent").asString())
                .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
    }

    // ---- the real flow through queue-service -----------------------------------------------------------------

    @Test
    void an_issued_token_becomes_active_and_then_passes_with_both_tokens_relayed() {
        UUID user = UUID.randomUUID();
        HttpResponse<String> issued = issue(user, randomClient());
        assertThat(issued.statusCode()).isEqualTo(201);
        String token = JSON.readTree(issued.body()).get("token").asString();
        assertThat(tokens.verify(token).userId()).isEqualTo(user);
        assertThat(tokens.verify(token).room()).isEqualTo(ROOM);
        assertThat(JSON.readTree(issued.body()).get("roomId").asString()).isEqualTo(ROOM.toString());

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(JSON.readTree(get("/api/v1/queue/status", token).body()).get("status").asString())
                        .isEqualTo("ACTIVE"));

        awaitSeatsRouted();
        HttpResponse<String> response = send(request(SEATS, token)
                .header("X-User-Id", UUID.randomUUID().toString())
                .header("X-Queue-Token-Id", UUID.randomUUID().toString()).GET());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode echo = JSON.readTree(response.body());
        assertThat(echo.get("path").asString()).isEqualTo(SEATS);
        assertThat(echo.get("queueToken").asString()).isEqualTo(token);
        assertThat(echo.get("room").asString()).isEqualTo(ROOM.toString());
        assertThat(echo.get("userIdHeaders").asInt()).isZero();

        // leaving through the gateway ends ACTIVE at once
        assertThat(send(request("/api/v1/queue/tokens/me", token).DELETE()).statusCode()).isEqualTo(204);
        assertProblem(get(SEATS, token), 401, "QUEUE_TOKEN_NOT_ACTIVE");
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
        awaitSeatsRouted();
        long stale = Instant.now().minusSeconds(120).toEpochMilli();
        redis.opsForZSet().add(ACTIVE, tokenId.toString(), stale);

        assertThat(get(SEATS, token).statusCode()).isEqualTo(200);
        Double refreshed = redis.opsForZSet().score(ACTIVE, tokenId.toString());
        assertThat(refreshed).isGreaterThan(Instant.now().minusSeconds(5).toEpochMilli());

        assertThat(get(SEATS, token).statusCode()).isEqualTo(200);
        assertThat(redis.opsForZSet().score(ACTIVE, tokenId.toString())).isEqualTo(refreshed);
    }

    @Test
    void a_token_ended_elsewhere_is_refused_once_the_second_this_gateway_believes_it_is_over() {
        UUID tokenId = activeTokenId();
        String token = sign(UUID.randomUUID(), tokenId, Instant.now().plusSeconds(600));
        awaitSeatsRouted();
        assertThat(get(SEATS, token).statusCode()).isEqualTo(200);

        // queue-service ends the token (its payment completed) without this gateway seeing it: what the gateway found
        // before is believed at most a second (ActiveTokensIT), so any request sent a second later is refused
        long ended = System.nanoTime();
        redis.opsForZSet().remove(ACTIVE, tokenId.toString());
        List<Duration> passedAfter = new ArrayList<>();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
            long sent = System.nanoTime();
            if (get(SEATS, token).statusCode() != 200) {
                return true;
            }
            passedAfter.add(Duration.ofNanos(sent - ended));
            return false;
        });
        assertThat(passedAfter).as("requests that passed, by when they were sent after the token ended")
                .allSatisfy(after -> assertThat(after).isLessThan(Duration.ofSeconds(1)));
        assertProblem(get(SEATS, token), 401, "QUEUE_TOKEN_NOT_ACTIVE");
    }

    @Test
    void an_active_token_idle_past_the_timeout_is_not_revived() {
        UUID tokenId = UUID.randomUUID();
        String token = sign(UUID.randomUUID(), tokenId, Instant.now().plusSeconds(600));
        redis.opsForZSet().add(ACTIVE, tokenId.toString(),
                Instant.now().minus(Duration.ofMinutes(11)).toEpochMilli());

        assertProblem(get(SEATS, token), 401, "QUEUE_TOKEN_NOT_ACTIVE");
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
        String access = TestIssuer.shared().accessToken(UUID.randomUUID());

        long start = System.nanoTime();
        HttpResponse<String> response = get("/api/v1/concerts/slow", bearer(access));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        JsonNode problem = assertProblem(response, 503, "SERVICE_UNAVAILABLE");
        assertThat(problem.get("service").asString()).isEqualTo("concert-service");
        assertThat(took).isLessThan(Duration.ofMillis(2500));
    }

    @Test
    void a_service_with_several_instances_gets_requests_on_each_of_them() {
        String access = TestIssuer.shared().accessToken(UUID.randomUUID());
        java.util.Set<String> instances = new java.util.HashSet<>();
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> response = get("/api/v1/concerts", bearer(access));
            assertThat(response.statusCode()).isEqualTo(200);
            instances.add(JSON.readTree(response.body()).get("instance").asString());
        }

        assertThat(instances).containsExactlyInAnyOrder("stub", "second");
    }

    @Test
    void an_instance_that_accepts_connections_but_never_answers_gets_no_requests() {
        String token = sign(UUID.randomUUID(), activeTokenId(), Instant.now().plusSeconds(600));
        String seats = SEATS;
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
            calls.add(TestHttp.CLIENT.sendAsync(request("/api/v1/users/me/wallet/pause", token).GET().build(),
                    HttpResponse.BodyHandlers.ofString()));
        }

        for (var call : calls) {
            assertThat(call.get().statusCode()).as(call.get().body()).isEqualTo(200);
        }
    }

    @Test
    void token_issue_is_rate_limited_per_account_whatever_address_it_comes_from() {
        UUID account = UUID.randomUUID();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            statuses.add(issue(account, randomClient()).statusCode());
        }

        assertThat(statuses.subList(0, 3)).containsOnly(201);
        assertThat(statuses).contains(429);
        assertThat(issue(UUID.randomUUID(), randomClient()).statusCode()).as("another account is not limited")
                .isEqualTo(201);
    }

    @Test
    void the_diagnostic_bare_route_when_configured_passes_without_any_check() {
        HttpResponse<String> response = send(plain("/diagnostics/bare/ping")
                .header("X-User-Id", "spoofed").GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("userIdHeaders").asInt()).isZero();
    }

    @Test
    void the_diagnostic_service_route_goes_through_the_services_load_balancer_without_a_token() {
        HttpResponse<String> response = send(plain("/diagnostics/service-route/ping")
                .header("X-User-Id", "spoofed").GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("userIdHeaders").asInt()).isZero();
    }

    @Test
    void requests_are_timed_without_a_long_task_timer_each() {
        send(plain("/diagnostics/bare/ping").GET());

        assertThat(managementStatus("/actuator/metrics/http.server.requests")).isEqualTo(200);
        assertThat(managementStatus("/actuator/metrics/http.server.requests.active"))
                .as("management.metrics.observations.ignored-meters").isEqualTo(404);
    }

    private int managementStatus(String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                .timeout(Duration.ofSeconds(10)).GET()).statusCode();
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

    @Test
    void the_actuator_answers_on_the_management_port_only_and_a_routed_api_document_shows_public_paths_only() {
        for (String path : List.of("/actuator", "/actuator/health", "/actuator/health/readiness",
                "/actuator/prometheus", "/actuator/metrics", "/actuator/gateway/routes")) {
            assertThat(send(plain(path).GET()).statusCode()).as(path).isEqualTo(404);
        }
        for (String path : List.of("/actuator/health/liveness", "/actuator/health/readiness", "/actuator/prometheus")) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + managementPort + path)).timeout(Duration.ofSeconds(10)).GET());
            assertThat(response.statusCode()).as(path + " on the management port").isEqualTo(200);
        }

        HttpResponse<String> document = send(plain("/api-docs/queue-service").GET());

        assertThat(document.statusCode()).as(document.body()).isEqualTo(200);
        assertThat(JSON.readTree(document.body()).path("paths").propertyNames()).isNotEmpty()
                .allSatisfy(path -> assertThat(path).startsWith("/api/v1/"));
    }

    @Test
    void the_public_api_document_is_served_without_a_token_and_names_the_gateway_as_its_server() {
        HttpResponse<String> document = send(plain("/api-docs").GET());

        assertThat(document.statusCode()).as(document.body()).isEqualTo(200);
        assertThat(document.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode root = JSON.readTree(document.body());
        assertThat(root.path("openapi").asString()).isEqualTo("3.1.0");
        assertThat(root.path("servers").path(0).path("url").asString()).isEqualTo("http://127.0.0.1:" + port);
        assertThat(root.path("paths").propertyNames()).contains("/api/v1/queue/tokens", "/api/v1/payments")
                .allSatisfy(path -> assertThat(path).startsWith("/api/v1/"));
        assertThat(document.body()).doesNotContainIgnoringCase("X-User-Id").doesNotContain("/internal/")
                .doesNotContain("/admin/");

        HttpResponse<String> yaml = send(plain("/api-docs.yaml").GET());
        assertThat(yaml.statusCode()).isEqualTo(200);
        assertThat(yaml.body()).contains("openapi: 3.1.0");

        // the browsable page loads everything it needs from the gateway itself
        HttpResponse<String> page = send(plain("/api-docs/ui").GET());
        assertThat(page.statusCode()).isEqualTo(200);
        java.util.regex.Matcher assets = java.util.regex.Pattern.compile("(?:src|href)=\"(/[^\"]+)\"")
                .matcher(page.body());
        List<String> loaded = new java.util.ArrayList<>();
        while (assets.find()) {
            loaded.add(assets.group(1));
            assertThat(send(plain(assets.group(1)).GET()).statusCode()).as(assets.group(1)).isEqualTo(200);
        }
        assertThat(loaded).anySatisfy(asset -> assertThat(asset).endsWith("/swagger-ui-bundle.js"))
                .contains("/api-docs/ui.js");
        assertThat(page.body()).doesNotContain("https://").doesNotContain("http://");
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** Until reservation-service's hung instance is out of the rotation (a busy JVM's first probes take a moment). */
    private void awaitSeatsRouted() {
        String token = sign(UUID.randomUUID(), activeTokenId(), Instant.now().plusSeconds(600));
        await().atMost(Duration.ofSeconds(10)).until(() -> get(SEATS, token).statusCode() == 200);
    }

    private UUID activeTokenId() {
        UUID tokenId = UUID.randomUUID();
        redis.opsForZSet().add(ACTIVE, tokenId.toString(), System.currentTimeMillis());
        return tokenId;
    }

    private static QueueTokenClaims claims(UUID user, UUID tokenId, Instant expires) {
        return new QueueTokenClaims(user, tokenId, ROOM, 1, Instant.now().minusSeconds(1), expires);
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

    private HttpRequest.Builder plain(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
    }

    private HttpRequest.Builder request(String path, String queueToken) {
        return TestHttp.asOwner(plain(path), queueToken);
    }

    /** An {@code Authorization} value given as is, with no queue token. */
    private record Bearer(String token) {
    }

    private static Bearer bearer(String accessToken) {
        return new Bearer(accessToken);
    }

    private HttpResponse<String> get(String path, String queueToken) {
        return send(request(path, queueToken).GET());
    }

    private HttpResponse<String> get(String path, Bearer bearer) {
        return send(plain(path).header("Authorization", "Bearer " + bearer.token()).GET());
    }

    private HttpResponse<String> issue(UUID user, String client) {
        return send(TestHttp.signedIn(plain("/api/v1/queue/tokens"), user).header("Content-Type", "application/json")
                .header("X-Forwarded-For", client)
                .POST(HttpRequest.BodyPublishers.ofString("{\"roomId\":\"" + ROOM + "\"}")));
    }

    /** The same claims signed with HMAC, keyed by the text of the RSA key's id: an old algorithm-confusion trick. */
    private static String hmac(JWTClaimsSet claims, String keyId) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(keyId).build(), claims);
            jwt.sign(new MACSigner(("x".repeat(32) + keyId).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response).isNotNull();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/problem+json"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("code").asString()).as(response.body()).isEqualTo(code);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.has("type") && body.has("title") && body.has("detail")).isTrue();
        return body;
    }
}
