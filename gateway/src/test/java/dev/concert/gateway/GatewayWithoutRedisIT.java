package dev.concert.gateway;

import dev.concert.testing.TestIssuer;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
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
 * A gateway whose Redis is a closed port. What needs no Redis still works, which shows that missing and forged
 * tokens are refused from the signature alone; what needs Redis fails closed with a 503, quickly.
 */
@ContextConfiguration(initializers = TestIssuer.Registration.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayWithoutRedisIT {

    static final String SECRET = "gateway-test-secret-gateway-test-secret";
    /** The waiting room of the tests' tokens, and an ACTIVE route of its schedule. */
    static final UUID ROOM = UUID.randomUUID();
    static final String SEATS = "/api/v1/schedules/" + ROOM + "/seats";
    static StubUpstream stub;

    @LocalServerPort
    int port;

    @Autowired
    QueueTokens tokens;

    @DynamicPropertySource
    static void wire(DynamicPropertyRegistry registry) throws IOException {
        stub = new StubUpstream();
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        registry.add("spring.data.redis.port", () -> closed);
        registry.add("queue.token.keys[0].id", () -> "k1");
        registry.add("queue.token.keys[0].secret", () -> SECRET);
        registry.add("CONCERT_SERVICE_URLS", stub::url);
        registry.add("RESERVATION_SERVICE_URLS", stub::url);
        registry.add("WALLET_SERVICE_URLS", stub::url);
        registry.add("QUEUE_SERVICE_URLS", stub::url);
    }

    @AfterAll
    static void stop() {
        stub.close();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10));
        if (token != null) {
            TestHttp.asOwner(request, token);
        }
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1).build().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String code(HttpResponse<String> response) {
        return JsonMapper.builder().build().readTree(response.body()).get("code").asString();
    }

    private String token(UUID user) {
        return tokens.sign(new QueueTokenClaims(user, UUID.randomUUID(), ROOM, 1, Instant.now(),
                Instant.now().plusSeconds(600)));
    }

    @Test
    void a_missing_or_forged_token_is_rejected_without_touching_redis() throws Exception {
        String genuine = token(UUID.randomUUID());
        String forged = genuine.substring(0, genuine.length() - 3) + (genuine.endsWith("A") ? "BBB" : "AAA");

        HttpResponse<String> missing = get(SEATS, null);
        HttpResponse<String> invalid = get(SEATS, forged);

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(code(missing)).isEqualTo("ACCESS_TOKEN_MISSING");
        assertThat(invalid.statusCode()).isEqualTo(401);
        assertThat(code(invalid)).isEqualTo("QUEUE_TOKEN_INVALID");
    }

    @Test
    void a_schedule_of_another_room_is_403_wrong_room_without_touching_redis() throws Exception {
        HttpResponse<String> response = get("/api/v1/schedules/" + UUID.randomUUID() + "/seats",
                token(UUID.randomUUID()));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(code(response)).isEqualTo("WRONG_ROOM");
        assertThat(stub.received()).noneMatch(path -> path.startsWith("/api/v1/schedules/"));
    }

    @Test
    void routes_that_need_no_active_token_work_without_redis() throws Exception {
        UUID user = UUID.randomUUID();

        HttpResponse<String> wallet = get("/api/v1/users/me/wallet", token(user));
        HttpResponse<String> concerts = get("/api/v1/concerts", token(user));

        assertThat(wallet.statusCode()).isEqualTo(200);
        assertThat(wallet.body()).contains("/api/v1/users/me/wallet");
        assertThat(concerts.statusCode()).isEqualTo(200);
        assertThat(concerts.body()).contains("/api/v1/concerts");
    }

    @Test
    void the_active_check_fails_closed_and_fast_when_redis_is_down() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = get(SEATS, token(UUID.randomUUID()));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(code(response)).isEqualTo("QUEUE_STORE_UNAVAILABLE");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void a_status_poll_the_gateway_cannot_answer_from_redis_goes_on_to_queue_service() throws Exception {
        UUID user = UUID.randomUUID();

        HttpResponse<String> response = get("/api/v1/queue/status", token(user));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode echo = JsonMapper.builder().build().readTree(response.body());
        assertThat(echo.get("path").asString()).isEqualTo("/api/v1/queue/status");
        assertThat(echo.get("queueToken").asString()).isNotBlank();
    }
}
