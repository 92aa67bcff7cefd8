package dev.concert.queue.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import tools.jackson.databind.JsonNode;

import dev.concert.queue.QueueServiceIntegrationTest;
import dev.concert.queuestatus.RoomKeys;
import dev.concert.testing.OversizedBody;
import dev.concert.testing.TestIssuer;
import dev.concert.token.QueueTokens;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ScanOptions;

class TokenIssueIT extends QueueServiceIntegrationTest {

    @Autowired
    QueueTokens tokens;

    @Autowired
    MeterRegistry meters;

    @Test
    void a_signed_in_user_gets_a_signed_waiting_token_with_position_and_eta() {
        UUID user = UUID.randomUUID();
        HttpResponse<String> response = issueAs(user);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/json"));
        JsonNode body = json(response);
        assertThat(body.get("status").asString()).isEqualTo("WAITING");
        assertThat(body.get("roomId").asString()).isEqualTo(ROOM.toString());
        assertThat(body.has("opensAt")).as("only a pre-queue answer names the opening").isFalse();
        assertThat(body.get("position").asLong()).isPositive();
        assertThat(body.get("estimatedWaitSeconds").asLong()).isPositive();
        assertThat(body.get("pollAfterSeconds").asInt()).isPositive();
        var claims = tokens.verify(body.get("token").asString());
        assertThat(claims.userId()).isEqualTo(user);
        assertThat(claims.room()).isEqualTo(ROOM);
        assertThat(claims.queueOrder()).isPositive();
        assertThat(redis.opsForValue().get(ROOM_PREFIX + "user:" + user)).isEqualTo(claims.tokenId().toString());
    }

    @Test
    void asking_again_returns_the_same_live_token() {
        UUID user = UUID.randomUUID();
        String first = issueFor(user).get("token").asString();
        String second = issueFor(user).get("token").asString();

        assertThat(tokens.verify(second).tokenId()).isEqualTo(tokens.verify(first).tokenId());
    }

    @Test
    void a_hundred_concurrent_requests_of_one_user_create_exactly_one_token() throws Exception {
        UUID user = UUID.randomUUID();
        double issuedBefore = meters.counter("queue.tokens.issued").count();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> calls = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(100)) {
            for (int i = 0; i < 100; i++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    return issueAs(user);
                }));
            }
            start.countDown();
            Set<UUID> tokenIds = new HashSet<>();
            for (Future<HttpResponse<String>> call : calls) {
                HttpResponse<String> response = call.get();
                assertThat(response.statusCode()).isEqualTo(201);
                tokenIds.add(tokens.verify(json(response).get("token").asString()).tokenId());
            }
            assertThat(tokenIds).hasSize(1);
        }
        assertThat(tokenRecordsOf(user)).isEqualTo(1);
        assertThat(meters.counter("queue.tokens.issued").count() - issuedBefore).isEqualTo(1.0);
    }

    @Test
    void naming_another_user_in_the_body_gets_nothing_of_theirs() {
        UUID victim = UUID.randomUUID();
        String victims = issueFor(victim).get("token").asString();
        UUID attacker = UUID.randomUUID();

        HttpResponse<String> response = issueAs(attacker,
                "{\"roomId\":\"" + ROOM + "\",\"userId\":\"" + victim + "\"}");

        assertThat(response.statusCode()).isEqualTo(201);
        var claims = tokens.verify(json(response).get("token").asString());
        assertThat(claims.userId()).isEqualTo(attacker);
        assertThat(claims.tokenId()).isNotEqualTo(tokens.verify(victims).tokenId());
        assertThat(tokenRecordsOf(victim)).isEqualTo(1);
    }

    @Test
    void issuing_without_an_access_token_is_401_and_creates_nothing() {
        UUID user = UUID.randomUUID();
        HttpResponse<String> response = send(request("/api/v1/queue/tokens").header("Content-Type",
                "application/json").header("X-User-Id", user.toString())
                .POST(HttpRequest.BodyPublishers.ofString("{\"roomId\":\"" + ROOM + "\",\"userId\":\"" + user
                        + "\"}")));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response).get("code").asString()).isEqualTo("ACCESS_TOKEN_MISSING");
        assertThat(tokenRecordsOf(user)).isZero();
    }

    @Test
    void a_request_that_names_no_room_is_400_and_creates_nothing() {
        UUID user = UUID.randomUUID();

        HttpResponse<String> none = issueAs(user, null);
        HttpResponse<String> empty = issueAs(user, "{}");
        HttpResponse<String> notAnId = issueAs(user, "{\"roomId\":\"hall-7\"}");

        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(notAnId.statusCode()).isEqualTo(400);
        assertThat(tokenRecordsOf(user)).isZero();
    }

    @Test
    void a_token_for_a_room_that_does_not_exist_is_404_room_not_found_and_creates_nothing_in_redis() {
        UUID user = UUID.randomUUID();
        UUID nowhere = UUID.randomUUID();
        String nowherePrefix = RoomKeys.prefix(PREFIX, nowhere);

        HttpResponse<String> response = issueAs(user, roomBody(nowhere));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("code").asString()).isEqualTo("ROOM_NOT_FOUND");
        try (var keys = redis.scan(ScanOptions.scanOptions().match(nowherePrefix + "*").count(1000).build())) {
            assertThat(keys.hasNext()).as("keys of the unknown room").isFalse();
        }
        assertThat(redis.opsForZSet().score(RoomKeys.registry(PREFIX), nowhere.toString())).isNull();
    }

    @Test
    void an_oversized_body_is_refused_before_it_is_read() {
        HttpResponse<String> response = issueAs(UUID.randomUUID(), "{\"pad\":\"" + "x".repeat(10_000) + "\"}");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json(response).get("code").asString()).isEqualTo("PAYLOAD_TOO_LARGE");
    }

    @Test
    void a_chunked_body_of_60_mb_is_413_unread_and_leaves_the_heap_as_it_was() {
        UUID user = UUID.randomUUID();
        long before = OversizedBody.usedHeapAfterGc();

        OversizedBody.Answer answer = OversizedBody.post(URI.create("http://127.0.0.1:" + port + "/api/v1/queue/tokens"),
                Map.of("Authorization", "Bearer " + TestIssuer.shared().accessToken(user)), 60L * 1024 * 1024);

        long grown = OversizedBody.usedHeapAfterGc() - before;
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.body()).contains("PAYLOAD_TOO_LARGE");
        assertThat(answer.bytesSent()).as("the server answered long before the end").isLessThan(8L * 1024 * 1024);
        assertThat(grown).as("heap growth in bytes").isLessThan(10L * 1024 * 1024);
        assertThat(tokenRecordsOf(user)).isZero();
    }

    @Test
    void status_needs_the_queue_token_and_the_access_token_of_the_same_user() {
        UUID user = UUID.randomUUID();
        String token = issueFor(user).get("token").asString();
        var claims = tokens.verify(token);

        JsonNode own = statusOf(token);
        HttpResponse<String> someoneElse = send(request("/api/v1/queue/status")
                .header("Authorization", "Bearer " + TestIssuer.shared().accessToken(UUID.randomUUID()))
                .header(QueueTokens.HEADER, token));
        HttpResponse<String> forgedHeaders = send(request("/api/v1/queue/status").header("X-User-Id", user.toString())
                .header("X-Queue-Token-Id", claims.tokenId().toString()));

        assertThat(own.get("status").asString()).isEqualTo("WAITING");
        assertThat(someoneElse.statusCode()).isEqualTo(403);
        assertThat(json(someoneElse).get("code").asString()).isEqualTo("QUEUE_TOKEN_NOT_YOURS");
        assertThat(forgedHeaders.statusCode()).isEqualTo(401);
        assertThat(json(forgedHeaders).get("code").asString()).isEqualTo("ACCESS_TOKEN_MISSING");
    }

    @Test
    void status_without_a_queue_token_is_401_queue_token_missing_and_a_forged_one_401_queue_token_invalid() {
        UUID user = UUID.randomUUID();
        String bearer = "Bearer " + TestIssuer.shared().accessToken(user);
        HttpResponse<String> missing = send(request("/api/v1/queue/status").header("Authorization", bearer));
        String token = issueFor(user).get("token").asString();
        String forged = token.substring(0, token.length() - 4) + "AAAA";
        HttpResponse<String> invalid = send(request("/api/v1/queue/status").header("Authorization", bearer)
                .header(QueueTokens.HEADER, forged));
        HttpResponse<String> queueTokenAsAccessToken = send(request("/api/v1/queue/status")
                .header("Authorization", "Bearer " + token).header(QueueTokens.HEADER, token));

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(json(missing).get("code").asString()).isEqualTo("QUEUE_TOKEN_MISSING");
        assertThat(invalid.statusCode()).isEqualTo(401);
        assertThat(json(invalid).get("code").asString()).isEqualTo("QUEUE_TOKEN_INVALID");
        assertThat(queueTokenAsAccessToken.statusCode()).isEqualTo(401);
        assertThat(json(queueTokenAsAccessToken).get("code").asString()).isEqualTo("ACCESS_TOKEN_INVALID");
    }

    @Test
    void a_user_who_leaves_is_expired_and_leaving_again_is_harmless() {
        UUID user = UUID.randomUUID();
        String token = issueFor(user).get("token").asString();

        HttpResponse<String> leave = send(asOwner(request("/api/v1/queue/tokens/me"), token).DELETE());
        HttpResponse<String> again = send(asOwner(request("/api/v1/queue/tokens/me"), token).DELETE());

        assertThat(leave.statusCode()).isEqualTo(204);
        assertThat(again.statusCode()).isEqualTo(204);
        JsonNode status = statusOf(token);
        assertThat(status.get("status").asString()).isEqualTo("EXPIRED");
        assertThat(status.get("reason").asString()).isEqualTo("LEFT");
        assertThat(redis.opsForZSet().score(ROOM_PREFIX + "waiting", tokens.verify(token).tokenId().toString()))
                .isNull();
        String next = issueFor(user).get("token").asString();
        assertThat(tokens.verify(next).tokenId()).isNotEqualTo(tokens.verify(token).tokenId());
    }

    @Test
    void nobody_can_make_another_user_leave() {
        String victims = issueFor(UUID.randomUUID()).get("token").asString();

        HttpResponse<String> leave = send(request("/api/v1/queue/tokens/me")
                .header("Authorization", "Bearer " + TestIssuer.shared().accessToken(UUID.randomUUID()))
                .header(QueueTokens.HEADER, victims).DELETE());

        assertThat(leave.statusCode()).isEqualTo(403);
        assertThat(statusOf(victims).get("status").asString()).isEqualTo("WAITING");
    }

    private long tokenRecordsOf(UUID user) {
        long n = 0;
        try (var keys = redis.scan(ScanOptions.scanOptions().match(ROOM_PREFIX + "token:*").count(1000).build())) {
            while (keys.hasNext()) {
                if (user.toString().equals(redis.opsForHash().get(keys.next(), "user"))) {
                    n++;
                }
            }
        }
        return n;
    }
}
