package dev.concert.queue.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import tools.jackson.databind.JsonNode;

import dev.concert.queue.QueueServiceIntegrationTest;
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
    void a_new_user_gets_a_signed_waiting_token_with_position_and_eta() {
        UUID user = UUID.randomUUID();
        HttpResponse<String> response = issue("{\"userId\":\"" + user + "\"}");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/json"));
        JsonNode body = json(response);
        assertThat(body.get("status").asString()).isEqualTo("WAITING");
        assertThat(body.get("position").asLong()).isPositive();
        assertThat(body.get("estimatedWaitSeconds").asLong()).isPositive();
        assertThat(body.get("pollAfterSeconds").asInt()).isPositive();
        var claims = tokens.verify(body.get("token").asString());
        assertThat(claims.userId()).isEqualTo(user);
        assertThat(claims.queueOrder()).isPositive();
        assertThat(redis.opsForValue().get(PREFIX + "user:" + user)).isEqualTo(claims.tokenId().toString());
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
                    return issue("{\"userId\":\"" + user + "\"}");
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
    void a_malformed_user_id_is_a_400_problem() {
        HttpResponse<String> response = issue("{\"userId\":\"not-a-uuid\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(response).get("code").asString()).isEqualTo("MALFORMED_BODY");
    }

    @Test
    void a_missing_body_or_missing_user_id_is_a_400_problem() {
        assertThat(issue("").statusCode()).isEqualTo(400);
        HttpResponse<String> noUser = issue("{}");
        assertThat(noUser.statusCode()).isEqualTo(400);
        assertThat(json(noUser).get("code").asString()).isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void an_oversized_body_is_refused_before_it_is_read() {
        HttpResponse<String> response = issue("{\"userId\":\"" + UUID.randomUUID() + "\",\"pad\":\""
                + "x".repeat(10_000) + "\"}");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json(response).get("code").asString()).isEqualTo("PAYLOAD_TOO_LARGE");
    }

    @Test
    void a_body_that_is_not_json_is_a_415_problem() {
        HttpResponse<String> response = send(request("/api/v1/queue/tokens").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hello")));

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(json(response).get("code").asString()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void status_answers_to_the_bearer_token_and_to_the_gateway_identity_headers_alike() {
        UUID user = UUID.randomUUID();
        String token = issueFor(user).get("token").asString();
        var claims = tokens.verify(token);

        JsonNode byBearer = statusWithBearer(token);
        HttpResponse<String> byHeaders = send(request("/api/v1/queue/status").header("X-User-Id", user.toString())
                .header("X-Queue-Token-Id", claims.tokenId().toString()));

        assertThat(byBearer.get("status").asString()).isEqualTo("WAITING");
        assertThat(byHeaders.statusCode()).isEqualTo(200);
        assertThat(json(byHeaders).get("position").asLong()).isEqualTo(byBearer.get("position").asLong());
    }

    @Test
    void status_without_any_identity_is_401_token_missing_and_a_forged_token_is_401_token_invalid() {
        HttpResponse<String> missing = send(request("/api/v1/queue/status"));
        String token = issueFor(UUID.randomUUID()).get("token").asString();
        String forged = token.substring(0, token.length() - 4) + "AAAA";
        HttpResponse<String> invalid = send(request("/api/v1/queue/status").header("Authorization", "Bearer " + forged));

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(json(missing).get("code").asString()).isEqualTo("TOKEN_MISSING");
        assertThat(invalid.statusCode()).isEqualTo(401);
        assertThat(json(invalid).get("code").asString()).isEqualTo("TOKEN_INVALID");
    }

    @Test
    void status_of_someone_elses_token_id_reads_as_expired() {
        String token = issueFor(UUID.randomUUID()).get("token").asString();
        HttpResponse<String> response = send(request("/api/v1/queue/status")
                .header("X-User-Id", UUID.randomUUID().toString())
                .header("X-Queue-Token-Id", tokens.verify(token).tokenId().toString()));

        assertThat(json(response).get("status").asString()).isEqualTo("EXPIRED");
    }

    @Test
    void a_user_who_leaves_is_expired_and_leaving_again_is_harmless() {
        UUID user = UUID.randomUUID();
        String token = issueFor(user).get("token").asString();

        HttpResponse<String> leave = send(request("/api/v1/queue/tokens/me").header("Authorization", "Bearer " + token)
                .DELETE());
        HttpResponse<String> again = send(request("/api/v1/queue/tokens/me").header("Authorization", "Bearer " + token)
                .DELETE());

        assertThat(leave.statusCode()).isEqualTo(204);
        assertThat(again.statusCode()).isEqualTo(204);
        JsonNode status = statusWithBearer(token);
        assertThat(status.get("status").asString()).isEqualTo("EXPIRED");
        assertThat(status.get("reason").asString()).isEqualTo("LEFT");
        assertThat(redis.opsForZSet().score(PREFIX + "waiting", tokens.verify(token).tokenId().toString())).isNull();
        String next = issueFor(user).get("token").asString();
        assertThat(tokens.verify(next).tokenId()).isNotEqualTo(tokens.verify(token).tokenId());
    }

    private long tokenRecordsOf(UUID user) {
        long n = 0;
        try (var keys = redis.scan(ScanOptions.scanOptions().match(PREFIX + "token:*").count(1000).build())) {
            while (keys.hasNext()) {
                if (user.toString().equals(redis.opsForHash().get(keys.next(), "user"))) {
                    n++;
                }
            }
        }
        return n;
    }
}
