package dev.concert.queue;

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

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import dev.concert.testing.TestIssuer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A queue-service whose Redis is not there (a closed port): answers 503 at once, never hangs. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.kafka.listener.auto-startup=false")
@ActiveProfiles("test")
@ContextConfiguration(initializers = TestIssuer.Registration.class)
class RedisDownIT {

    @LocalServerPort
    int port;

    @Autowired
    QueueTokens tokens;

    @DynamicPropertySource
    static void redisNowhere(DynamicPropertyRegistry registry) throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        registry.add("spring.data.redis.port", () -> closed);
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1).build().send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void issuing_a_token_without_redis_is_a_quick_503_queue_store_unavailable() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/v1/queue/tokens")).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + TestIssuer.shared().accessToken(UUID.randomUUID()))
                .POST(HttpRequest.BodyPublishers.ofString("{\"roomId\":\"" + UUID.randomUUID() + "\"}")).build());
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode body = JsonMapper.builder().build().readTree(response.body());
        assertThat(body.get("code").asString()).isEqualTo("QUEUE_STORE_UNAVAILABLE");
        assertThat(took).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void reading_the_status_without_redis_is_a_503_too() throws Exception {
        Instant now = Instant.now();
        UUID user = UUID.randomUUID();
        String token = tokens.sign(new QueueTokenClaims(user, UUID.randomUUID(), UUID.randomUUID(), 1, now,
                now.plusSeconds(600)));

        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v1/queue/status")).header("Authorization", "Bearer " + TestIssuer.shared().accessToken(user))
                .header(QueueTokens.HEADER, token)
                .timeout(Duration.ofSeconds(10)).build());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("QUEUE_STORE_UNAVAILABLE");
    }
}
