package dev.concert.gateway;

import static dev.concert.gateway.TestHttp.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.concert.queue.room.Rooms;
import dev.concert.testing.OversizedBody;
import dev.concert.testing.TestIssuer;

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
 * The edge under attack (issue 13): each attack an attacker would try on the public port, the refusal, and that
 * nothing changed. The real gateway with its default trust (no proxy trusted) in front of the real queue-service with
 * a small capacity (2) and a short claim window (2 s), one waiting room ({@link #ROOM}, open); the other services are
 * a stub that echoes what reached it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EdgeAttacksIT {

    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String PREFIX = "{edgetest-" + RUN + "}:";
    static final UUID ROOM = UUID.randomUUID();
    /** An ACTIVE route of {@link #ROOM}'s schedule. */
    static final String SEATS = "/api/v1/schedules/" + ROOM + "/seats";
    static final String SECRET = "edge-attacks-test-secret-edge-attacks-test";
    static final JsonMapper JSON = JsonMapper.builder().build();

    static StubUpstream stub;
    static QueueServiceUnderTest queueService;

    @LocalServerPort
    int port;

    @Autowired
    StringRedisTemplate redis;

    @DynamicPropertySource
    static void wire(DynamicPropertyRegistry registry) throws IOException {
        stub = new StubUpstream();
        queueService = new QueueServiceUnderTest("--spring.data.redis.database=1", "--queue.key-prefix=" + PREFIX,
                "--queue.token.active-key-id=test", "--queue.token.keys[0].id=test",
                "--queue.token.keys[0].secret=" + SECRET, "--queue.admission.interval=PT0.2S",
                "--queue.admission.batch-size=100", "--queue.active.capacity=2",
                "--queue.active.idle-timeout=PT30S", "--queue.active.claim-window=PT2S",
                "--queue.expiry.interval=PT0.3S", "--logging.level.root=WARN");
        queueService.bean(Rooms.class).saleAnnounced(ROOM, Instant.parse("2020-01-01T00:00:00Z"));
        registry.add("spring.data.redis.database", () -> 1);
        registry.add("queue.key-prefix", () -> PREFIX);
        registry.add("queue.active.idle-timeout", () -> "PT30S");
        registry.add("queue.token.active-key-id", () -> "test");
        registry.add("queue.token.keys[0].id", () -> "test");
        registry.add("queue.token.keys[0].secret", () -> SECRET);
        registry.add("QUEUE_SERVICE_URLS", queueService::url);
        for (String service : List.of("CONCERT", "RESERVATION", "WALLET", "PAYMENT", "IDENTITY")) {
            registry.add(service + "_SERVICE_URLS", stub::url);
        }
        registry.add("spring.cloud.loadbalancer.health-check.interval", () -> "2s");
        registry.add("GATEWAY_CHARGE_BURST", () -> 3);
        TestIssuer issuer = TestIssuer.shared();
        registry.add("concert.access-token.issuers.test.issuer", issuer::issuer);
        registry.add("concert.access-token.issuers.test.jwk-set-uri", issuer::jwkSetUri);
        registry.add("concert.access-token.issuers.test.subject-is-account-id", () -> true);
    }

    @AfterAll
    static void stop() {
        if (queueService != null) {
            queueService.close();
        }
        if (stub != null) {
            stub.close();
        }
    }

    @AfterAll
    static void removeTestKeys(@Autowired StringRedisTemplate redis) {
        // the queue's own keys and its rooms' ({edgetest-<run>:room:<id>}:...)
        try (var keys = redis.scan(ScanOptions.scanOptions().match("{edgetest-" + RUN + "*").count(1000).build())) {
            keys.forEachRemaining(redis::delete);
        }
    }

    // ---- spoofed client address ---------------------------------------------------------------------------------

    @Test
    void a_client_that_writes_its_own_forwarded_for_is_still_known_by_its_real_address() {
        HttpResponse<String> signUp = send(plain("/api/v1/accounts").header("Content-Type", "application/json")
                .header("X-Forwarded-For", "203.0.113.7").header("X-Client-Address", "198.51.100.9")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(signUp.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(signUp.body()).get("clientAddress").asString()).isEqualTo("127.0.0.1");
    }

    // ---- hoarded places -----------------------------------------------------------------------------------------

    @Test
    void admitted_places_never_used_go_to_the_next_in_line_while_a_used_place_stays() {
        UUID hoarderA = UUID.randomUUID();
        UUID hoarderB = UUID.randomUUID();
        UUID fan = UUID.randomUUID();
        String a = issue(hoarderA);
        String b = issue(hoarderB);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(status(a).get("status").asString()).isEqualTo("ACTIVE");
            assertThat(status(b).get("status").asString()).isEqualTo("ACTIVE");
        });
        String fans = issue(fan);
        assertThat(status(fans).get("status").asString()).isEqualTo("WAITING");

        // the hoarders never send a request on an ACTIVE route: within the claim window (2 s) their places go back
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(status(fans).get("status").asString()).isEqualTo("ACTIVE"));
        for (String hoarded : List.of(a, b)) {
            // the two may have been admitted in different rounds: the later one's window ends a little later
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                JsonNode status = status(hoarded);
                assertThat(status.get("status").asString()).isEqualTo("EXPIRED");
                assertThat(status.path("reason").asString("")).isEqualTo("NOT_CLAIMED");
            });
            assertProblem(send(TestHttp.asOwner(plain(SEATS), hoarded).GET()), 401,
                    "QUEUE_TOKEN_NOT_ACTIVE");
        }

        // the fan claims the place with a request; it is theirs for the idle timeout, not the claim window
        assertThat(send(TestHttp.asOwner(plain(SEATS), fans).GET()).statusCode()).isEqualTo(200);
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(status(fans).get("status").asString()).isEqualTo("ACTIVE"));
        leave(fans);
    }

    // ---- oversized bodies ---------------------------------------------------------------------------------------

    @Test
    void a_chunked_body_of_60_mb_is_413_at_the_edge_and_leaves_the_heap_as_it_was() {
        UUID user = UUID.randomUUID();
        long before = OversizedBody.usedHeapAfterGc();

        // to the wallet stub, which would read any body whole: only the gateway stands in the way here
        OversizedBody.Answer answer = OversizedBody.post(
                URI.create("http://127.0.0.1:" + port + "/api/v1/users/me/wallet/charges"),
                Map.of("Authorization", "Bearer " + TestIssuer.shared().accessToken(user)), 60L * 1024 * 1024);

        long grown = OversizedBody.usedHeapAfterGc() - before;
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.body()).contains("PAYLOAD_TOO_LARGE");
        assertThat(answer.bytesSent()).as("answered long before the end").isLessThan(8L * 1024 * 1024);
        assertThat(grown).as("heap growth in bytes").isLessThan(10L * 1024 * 1024);
    }

    @Test
    void a_declared_length_over_the_limit_is_413_unread_and_a_small_chunked_body_still_passes() {
        UUID user = UUID.randomUUID();
        HttpResponse<String> big = send(TestHttp.signedIn(plain("/api/v1/users/me/wallet/charges"), user)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":1,\"pad\":\"" + "x".repeat(20_000) + "\"}")));
        assertProblem(big, 413, "PAYLOAD_TOO_LARGE");

        // a small body of unknown length reaches the service whole, now with its length
        HttpResponse<String> small = send(TestHttp.signedIn(plain("/api/v1/users/me/wallet/charges"), user)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofString("{\"amount\":1000}"))));
        assertThat(small.statusCode()).as(small.body()).isEqualTo(200);
        assertThat(JSON.readTree(small.body()).get("path").asString()).isEqualTo("/api/v1/users/me/wallet/charges");
    }

    // ---- paths spelled to slip past a rule ----------------------------------------------------------------------

    @Test
    void paths_with_matrix_parameters_dot_segments_encoded_or_empty_segments_are_refused_before_any_rule() {
        UUID me = UUID.randomUUID();
        UUID victim = UUID.randomUUID();
        for (String path : List.of(
                "/api/v1/users;x=1/" + victim + "/wallet",
                "/api/v1/users/" + victim + ";me/wallet",
                "/api/v1//users/" + victim + "/wallet",
                "/api/v1/schedules/..;/..;/internal/reservations/x",
                "/api/v1/schedules/%2e%2e/%2e%2e/internal/reservations/x",
                "/api/v1/schedules%2f..%2finternal",
                "/api/v1/internal;x/reservations/x")) {
            HttpResponse<String> response = send(TestHttp.signedIn(plain(path), me).GET());
            assertProblem(response, 400, "PATH_NOT_ALLOWED");
        }
        assertProblem(send(TestHttp.signedIn(plain("/internal/reservations/x"), me).GET()), 404, "NOT_FOUND");
        // spelled plainly, another user's wallet is refused by the gateway itself
        assertProblem(send(TestHttp.signedIn(plain("/api/v1/users/" + victim + "/wallet"), me).GET()), 403,
                "FORBIDDEN_USER");
    }

    // ---- rate limits per account --------------------------------------------------------------------------------

    @Test
    void charges_are_limited_per_account_with_retry_after_and_another_account_is_unaffected() {
        UUID greedy = UUID.randomUUID();
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> limited = null;
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> response = charge(greedy);
            statuses.add(response.statusCode());
            if (response.statusCode() == 429) {
                limited = response;
            }
        }
        assertThat(statuses).as("burst 3, then refused").startsWith(200, 200, 200).contains(429);
        assertProblem(limited, 429, "RATE_LIMITED");
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();

        assertThat(charge(UUID.randomUUID()).statusCode()).isEqualTo(200);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private HttpRequest.Builder plain(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
    }

    private HttpResponse<String> charge(UUID user) {
        return send(TestHttp.signedIn(plain("/api/v1/users/me/wallet/charges"), user)
                .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":1000}")));
    }

    private String issue(UUID user) {
        HttpResponse<String> issued = send(TestHttp.signedIn(plain("/api/v1/queue/tokens"), user)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"roomId\":\"" + ROOM + "\"}")));
        assertThat(issued.statusCode()).as(issued.body()).isIn(200, 201);
        return JSON.readTree(issued.body()).get("token").asString();
    }

    private JsonNode status(String queueToken) {
        return JSON.readTree(send(TestHttp.asOwner(plain("/api/v1/queue/status"), queueToken).GET()).body());
    }

    private void leave(String queueToken) {
        send(TestHttp.asOwner(plain("/api/v1/queue/tokens/me"), queueToken).DELETE());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response).isNotNull();
        assertThat(response.statusCode()).as(response.uri() + " " + response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(JSON.readTree(response.body()).get("code").asString()).isEqualTo(code);
    }
}
