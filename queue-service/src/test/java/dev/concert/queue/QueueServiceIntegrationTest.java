package dev.concert.queue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.junit.jupiter.api.AfterAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The real queue-service on a random port against the machine's real Redis (database 1, a key prefix of its own)
 * and real Kafka (the real topics, as every service's tests; a consumer group of its own, so that a test run
 * elsewhere never takes its records). Every integration test class extends this one, so they share one context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class QueueServiceIntegrationTest {

    protected static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    protected static final String PREFIX = "{qtest-" + RUN + "}:";
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static StringRedisTemplate cleanup;

    @LocalServerPort
    protected int port;

    @Autowired
    protected StringRedisTemplate redis;

    @DynamicPropertySource
    static void isolate(DynamicPropertyRegistry registry) {
        registry.add("queue.key-prefix", () -> PREFIX);
        registry.add("spring.kafka.consumer.group-id", () -> "queue-service-test-" + RUN);
    }

    @Autowired
    void rememberForCleanup(StringRedisTemplate redis) {
        cleanup = redis;
    }

    @AfterAll
    static void removeTestKeys() {
        if (cleanup != null) {
            try (var keys = cleanup.scan(ScanOptions.scanOptions().match(PREFIX + "*").count(1000).build())) {
                keys.forEachRemaining(cleanup::delete);
            }
        }
    }

    protected HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    protected HttpResponse<String> issue(String body) {
        return send(request("/api/v1/queue/tokens").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    protected JsonNode issueFor(UUID userId) {
        HttpResponse<String> response = issue("{\"userId\":\"" + userId + "\"}");
        if (response.statusCode() != 201) {
            throw new AssertionError("issue failed: " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    protected JsonNode statusWithBearer(String token) {
        HttpResponse<String> response = send(request("/api/v1/queue/status").header("Authorization", "Bearer " + token));
        if (response.statusCode() != 200) {
            throw new AssertionError("status failed: " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    protected static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}
