package dev.concert.gateway;

import dev.concert.testing.TestIssuer;
import org.springframework.test.context.ContextConfiguration;

import static dev.concert.gateway.TestHttp.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.concert.queue.admission.Admission;
import dev.concert.queue.room.Rooms;
import dev.concert.queuestatus.RoomKeys;
import dev.concert.queuestatus.StatusScript;
import dev.concert.token.QueueTokenClaims;
import dev.concert.token.QueueTokens;

import io.micrometer.core.instrument.MeterRegistry;
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
 * Status polls answered by the gateway itself: the real gateway and the real queue-service on real Redis
 * (database 1, a key prefix of this run). queue-service's jobs are off, so tokens stay WAITING until a test admits
 * them, and it republishes its rooms' status rules every 200 ms. The tests queue in {@link #ROOM} (open) unless
 * they make rooms of their own. Every answer at the edge is compared with queue-service's own answer for the same
 * caller.
 */
@ContextConfiguration(initializers = TestIssuer.Registration.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EdgeStatusIT {

    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String PREFIX = "{edgetest-" + RUN + "}:";
    static final UUID ROOM = UUID.randomUUID();
    static final Instant OPENED = Instant.parse("2020-01-01T00:00:00Z");
    static final String SECRET = "edge-status-test-secret-edge-status-test";
    static final JsonMapper JSON = JsonMapper.builder().build();

    static QueueServiceUnderTest queueService;

    @LocalServerPort
    int port;

    @Autowired
    QueueTokens tokens;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void wire(DynamicPropertyRegistry registry) {
        queueService = new QueueServiceUnderTest("--spring.data.redis.database=1", "--queue.key-prefix=" + PREFIX,
                "--queue.token.active-key-id=test", "--queue.token.keys[0].id=test",
                "--queue.token.keys[0].secret=" + SECRET, "--queue.jobs.enabled=false",
                "--queue.admission.batch-size=1000", "--queue.active.capacity=1000",
                "--queue.status-rules.publish-interval=PT0.2S", "--logging.level.root=WARN");
        queueService.bean(Rooms.class).saleAnnounced(ROOM, OPENED);
        registry.add("spring.data.redis.database", () -> 1);
        registry.add("queue.key-prefix", () -> PREFIX);
        registry.add("queue.token.active-key-id", () -> "test");
        registry.add("queue.token.keys[0].id", () -> "test");
        registry.add("queue.token.keys[0].secret", () -> SECRET);
        registry.add("QUEUE_SERVICE_URLS", queueService::url);
        registry.add("GATEWAY_ISSUE_RATE_PER_SECOND", () -> 1000);
        registry.add("GATEWAY_ISSUE_BURST", () -> 1000);
    }

    @AfterAll
    static void stop(@Autowired StringRedisTemplate redis) {
        if (queueService != null) {
            queueService.close();
        }
        // the queue's own keys and its rooms' ({edgetest-<run>:room:<id>}:...)
        try (var keys = redis.scan(ScanOptions.scanOptions().match("{edgetest-" + RUN + "*").count(1000).build())) {
            keys.forEachRemaining(redis::delete);
        }
    }

    @Test
    void waiting_fans_get_their_place_in_line_from_the_edge_exactly_as_queue_service_tells_it() {
        List<String> line = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            line.add(issue());
        }
        double before = answeredAtEdge();

        long first = status(line.get(0)).get("position").asLong();
        for (int i = 0; i < line.size(); i++) {
            String token = line.get(i);
            JsonNode atEdge = status(token);
            assertThat(atEdge.get("status").asString()).isEqualTo("WAITING");
            assertThat(atEdge.get("position").asLong()).isEqualTo(first + i);
            assertThat(atEdge.get("estimatedWaitSeconds").asLong()).isPositive();
            assertThat(atEdge.get("pollAfterSeconds").asInt()).isPositive();
            assertThat(atEdge).isEqualTo(statusFromQueueService(token));
        }

        assertThat(answeredAtEdge() - before).isEqualTo(line.size() + 1);
    }

    @Test
    void an_admitted_and_then_departed_fan_reads_active_then_expired_at_the_edge_as_at_queue_service() {
        String token = issue();
        // admission by queue-service's own job code; other tests' tokens ahead in line are admitted with it
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            queueService.bean(Admission.class).runOnce();
            return status(token).get("status").asString().equals("ACTIVE");
        });

        JsonNode active = status(token);
        assertThat(active.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(active.get("activeUntil").asString()).isNotEmpty();
        assertThat(active).isEqualTo(statusFromQueueService(token));

        assertThat(send(request(gateway("/api/v1/queue/tokens/me"), token).DELETE()).statusCode()).isEqualTo(204);
        JsonNode expired = status(token);
        assertThat(expired.get("status").asString()).isEqualTo("EXPIRED");
        assertThat(expired.get("reason").asString()).isEqualTo("LEFT");
        assertThat(expired).isEqualTo(statusFromQueueService(token));
    }

    @Test
    void a_token_redis_does_not_know_reads_expired_at_the_edge() {
        String unknown = tokens.sign(new QueueTokenClaims(UUID.randomUUID(), UUID.randomUUID(), ROOM, 1,
                Instant.now(), Instant.now().plusSeconds(600)));
        String inAnUnknownRoom = tokens.sign(new QueueTokenClaims(UUID.randomUUID(), UUID.randomUUID(),
                UUID.randomUUID(), 1, Instant.now(), Instant.now().plusSeconds(600)));

        JsonNode atEdge = status(unknown);

        assertThat(atEdge.get("status").asString()).isEqualTo("EXPIRED");
        assertThat(atEdge).isEqualTo(statusFromQueueService(unknown));
        // a room nobody made has no published rules: queue-service answers that one itself
        HttpResponse<String> noRoom = send(request(gateway("/api/v1/queue/status"), inAnUnknownRoom).GET());
        assertThat(noRoom.statusCode()).as(noRoom.body()).isEqualTo(200);
        assertThat(JSON.readTree(noRoom.body()).get("status").asString()).isEqualTo("EXPIRED");
    }

    @Test
    void without_published_rules_the_poll_goes_to_queue_service_until_they_are_published_again() {
        String token = issue();
        double forwardedBefore = forwarded();

        // a Redis that lost the rules (flushed, restarted): polls are answered by queue-service meanwhile. This
        // queue-service republishes them every 0.2 s, which on a slow machine can come between the delete and the
        // poll; so each try deletes them again, and every answer, whoever gave it, must be the same
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            redis.delete(RoomKeys.prefix(PREFIX, ROOM) + StatusScript.RULES_KEY);
            HttpResponse<String> meanwhile = send(request(gateway("/api/v1/queue/status"), token).GET());
            assertThat(meanwhile.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(meanwhile.body()).get("status").asString()).isEqualTo("WAITING");
            return forwarded() > forwardedBefore;
        });

        await().atMost(Duration.ofSeconds(5)).until(() -> redis.hasKey(RoomKeys.prefix(PREFIX, ROOM)
                + StatusScript.RULES_KEY));
        double atEdgeBefore = answeredAtEdge();
        assertThat(status(token).get("status").asString()).isEqualTo("WAITING");
        assertThat(answeredAtEdge()).isEqualTo(atEdgeBefore + 1);
    }

    @Test
    void a_token_in_a_room_whose_opening_is_ahead_reads_pre_queue_with_the_opening_at_the_edge() {
        UUID later = UUID.randomUUID();
        Instant opensAt = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        queueService.bean(Rooms.class).saleAnnounced(later, opensAt);

        JsonNode issued = JSON.readTree(issueIn(later).body());
        assertThat(issued.get("status").asString()).isEqualTo("PRE_QUEUE");
        assertThat(issued.get("roomId").asString()).isEqualTo(later.toString());
        assertThat(Instant.parse(issued.get("opensAt").asString())).isEqualTo(opensAt);
        String token = issued.get("token").asString();
        double before = answeredAtEdge();

        JsonNode atEdge = status(token);

        assertThat(answeredAtEdge()).as("answered at the edge").isEqualTo(before + 1);
        assertThat(atEdge.get("status").asString()).isEqualTo("PRE_QUEUE");
        assertThat(Instant.parse(atEdge.get("opensAt").asString())).isEqualTo(opensAt);
        assertThat(atEdge.get("position").asLong()).isZero();
        assertThat(atEdge.get("estimatedWaitSeconds").asLong()).isBetween(3500L, 3601L);
        JsonNode atQueueService = statusFromQueueService(token);
        assertThat(atEdge.get("status")).isEqualTo(atQueueService.get("status"));
        assertThat(atEdge.get("opensAt")).isEqualTo(atQueueService.get("opensAt"));
        assertThat(atEdge.get("position")).isEqualTo(atQueueService.get("position"));
        assertThat(atEdge.get("pollAfterSeconds")).isEqualTo(atQueueService.get("pollAfterSeconds"));
    }

    @Test
    void two_rooms_statuses_use_each_rooms_own_published_rules() {
        Rooms rooms = queueService.bean(Rooms.class);
        UUID slow = UUID.randomUUID();
        UUID fast = UUID.randomUUID();
        rooms.saleAnnounced(slow, OPENED);
        rooms.saleAnnounced(fast, OPENED);
        rooms.configure(slow, new Rooms.RoomSettings(null, 5, 0.05));  // one admission every 20 s
        rooms.configure(fast, new Rooms.RoomSettings(null, 5000, 500.0));
        String inSlow = JSON.readTree(issueIn(slow).body()).get("token").asString();
        String inFast = JSON.readTree(issueIn(fast).body()).get("token").asString();
        double before = answeredAtEdge();

        JsonNode slowAtEdge = status(inSlow);
        JsonNode fastAtEdge = status(inFast);

        assertThat(answeredAtEdge()).as("both answered at the edge").isEqualTo(before + 2);
        for (JsonNode first : List.of(slowAtEdge, fastAtEdge)) {
            assertThat(first.get("status").asString()).isEqualTo("WAITING");
            assertThat(first.get("position").asLong()).as("the first in its own room").isEqualTo(1);
        }
        // nothing admitted yet (the jobs are off): the ETA is each room's own configured rate
        assertThat(slowAtEdge.get("estimatedWaitSeconds").asLong()).isEqualTo(20);
        assertThat(fastAtEdge.get("estimatedWaitSeconds").asLong()).isEqualTo(1);
        assertThat(slowAtEdge).isEqualTo(statusFromQueueService(inSlow));
        assertThat(fastAtEdge).isEqualTo(statusFromQueueService(inFast));
        assertThat(redis.opsForValue().get(RoomKeys.prefix(PREFIX, slow) + StatusScript.RULES_KEY))
                .contains("capacity=5;");
        assertThat(redis.opsForValue().get(RoomKeys.prefix(PREFIX, fast) + StatusScript.RULES_KEY))
                .contains("capacity=5000;");
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private double answeredAtEdge() {
        return meters.counter("gateway.queue.status.answers", "by", "edge").count();
    }

    private double forwarded() {
        return meters.counter("gateway.queue.status.answers", "by", "queue-service").count();
    }

    private String issue() {
        return JSON.readTree(issueIn(ROOM).body()).get("token").asString();
    }

    /** A new fan's place in {@code room}, through the gateway. */
    private HttpResponse<String> issueIn(UUID room) {
        HttpResponse<String> issued = send(TestHttp.signedIn(HttpRequest.newBuilder(gateway("/api/v1/queue/tokens"))
                        .timeout(Duration.ofSeconds(10)), UUID.randomUUID()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"roomId\":\"" + room + "\"}")));
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        return issued;
    }

    private JsonNode status(String token) {
        HttpResponse<String> response = send(request(gateway("/api/v1/queue/status"), token).GET());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        return JSON.readTree(response.body());
    }

    /** queue-service asked directly, by the token's owner. */
    private JsonNode statusFromQueueService(String token) {
        HttpResponse<String> response = send(TestHttp.asOwner(HttpRequest.newBuilder(URI.create(queueService.url()
                        + "/api/v1/queue/status")).timeout(Duration.ofSeconds(10)), token).GET());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private URI gateway(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static HttpRequest.Builder request(URI uri, String token) {
        return TestHttp.asOwner(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)), token);
    }
}
