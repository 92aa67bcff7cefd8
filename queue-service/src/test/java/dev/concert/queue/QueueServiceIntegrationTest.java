package dev.concert.queue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jwt.SignedJWT;

import dev.concert.events.Topics;
import dev.concert.queue.room.Rooms;
import dev.concert.queuestatus.RoomKeys;
import dev.concert.testing.TestInfrastructure;
import dev.concert.testing.TestIssuer;
import dev.concert.token.QueueTokens;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The real queue-service on a random port against the machine's real Redis (database 1, a key prefix of its own)
 * and real Kafka (the real topics, as every service's tests; a consumer group of its own, so that a test run
 * elsewhere never takes its records). Every integration test class extends this one, so they share one context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@ContextConfiguration(initializers = {TestIssuer.Registration.class, TestInfrastructure.Registration.class})
public abstract class QueueServiceIntegrationTest {

    protected static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    protected static final String PREFIX = "{qtest-" + RUN + "}:";
    /** The run's shared waiting room, open since long ago: what every test that is not about rooms queues in. */
    protected static final UUID ROOM = UUID.randomUUID();
    protected static final String ROOM_PREFIX = RoomKeys.prefix(PREFIX, ROOM);
    protected static final String ADMIN_KEY = "test-admin-key";
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

    private static StringRedisTemplate cleanup;

    @LocalServerPort
    protected int port;

    @Autowired
    protected StringRedisTemplate redis;

    @DynamicPropertySource
    static void isolate(DynamicPropertyRegistry registry) {
        registry.add("queue.key-prefix", () -> PREFIX);
        registry.add("spring.kafka.consumer.group-id", () -> "queue-service-test-" + RUN);
        startAtTheEnd("queue-service-test-" + RUN);
    }

    /**
     * The run's new consumer group starts at the current end of the topics it reads (reservation.events,
     * concert.events), not their beginning: the shared topics hold every earlier test run's events on this broker,
     * which the run must not wade through before its own arrive (and every schedule ever opened there would get a
     * room under the run's prefix).
     */
    private static void startAtTheEnd(String group) {
        String bootstrap = TestInfrastructure.kafkaBootstrap();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            var existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            List<String> topics = java.util.stream.Stream.of(Topics.RESERVATION, Topics.CONCERT)
                    .filter(existing::contains).toList();
            if (topics.isEmpty()) {
                return; // a new broker: nothing to skip
            }
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).forEach((topic, description) ->
                    description.partitions().forEach(p ->
                            ends.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
            admin.listOffsets(ends).all().get(10, TimeUnit.SECONDS)
                    .forEach((partition, end) -> start.put(partition, new OffsetAndMetadata(end.offset())));
            admin.alterConsumerGroupOffsets(group, start).all().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot place consumer group " + group + " at the topics' end", e);
        }
    }

    @Autowired
    void rememberForCleanup(StringRedisTemplate redis) {
        cleanup = redis;
    }

    /** The shared room exists before any test (a sale announced long ago; a no-op once it does). */
    @Autowired
    void openTheSharedRoom(Rooms rooms) {
        rooms.saleAnnounced(ROOM, QueueStoreFixture.LONG_AGO);
    }

    /** The run's keys: the room registry and every room's keys ({@code {qtest-RUN}:*}, {@code {qtest-RUN:room:*}). */
    @AfterAll
    static void removeTestKeys() {
        if (cleanup != null) {
            QueueStoreFixture.deleteAll(cleanup, PREFIX);
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

    /** The JSON body asking for a place in {@code room}. */
    protected static String roomBody(UUID room) {
        return "{\"roomId\":\"" + room + "\"}";
    }

    /** POST /api/v1/queue/tokens signed in as this user, for a place in the shared room. */
    protected HttpResponse<String> issueAs(UUID userId) {
        return issueAs(userId, roomBody(ROOM));
    }

    /** POST /api/v1/queue/tokens signed in as this user, with this body (null: none). */
    protected HttpResponse<String> issueAs(UUID userId, String body) {
        return send(request("/api/v1/queue/tokens").header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TestIssuer.shared().accessToken(userId))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A place in the shared room. */
    protected JsonNode issueFor(UUID userId) {
        return issueFor(userId, ROOM);
    }

    protected JsonNode issueFor(UUID userId, UUID room) {
        HttpResponse<String> response = issueAs(userId, roomBody(room));
        if (response.statusCode() != 201) {
            throw new AssertionError("issue failed: " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** A request as the queue token's owner makes it: their access token and the queue token. */
    protected static HttpRequest.Builder asOwner(HttpRequest.Builder request, String queueToken) {
        return request.header("Authorization", "Bearer " + TestIssuer.shared().accessToken(ownerOf(queueToken)))
                .header(QueueTokens.HEADER, queueToken);
    }

    /** The user a queue token was issued to (read, not verified: the service verifies). */
    protected static UUID ownerOf(String queueToken) {
        try {
            return UUID.fromString(SignedJWT.parse(queueToken).getJWTClaimsSet().getSubject());
        } catch (java.text.ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    protected JsonNode statusOf(String token) {
        HttpResponse<String> response = send(asOwner(request("/api/v1/queue/status"), token));
        if (response.statusCode() != 200) {
            throw new AssertionError("status failed: " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** A request to the admin API with the test's admin key. */
    protected HttpRequest.Builder admin(String path) {
        return request(path).header("X-Admin-Key", ADMIN_KEY);
    }

    protected static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}
