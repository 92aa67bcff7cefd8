package dev.concert.e2e.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fans' HTTP client for the gateway. Unlike the end-to-end {@code Api}, a failed call is an answer here
 * (status 0), never an exception: under faults, connection resets are data for the summary, not a crash. A request
 * carries the fan's access token ({@code Authorization: Bearer}) and, where the route needs it, the fan's queue token
 * ({@code Queue-Token}); either may be null (not sent).
 */
final class GatewayClient {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String QUEUE_TOKEN_HEADER = "Queue-Token"; // dev.concert.token.QueueTokens.HEADER

    /** An answer; status 0 means none came (the code says NO_ANSWER or TIMEOUT). */
    record Reply(int status, JsonNode body, String code, Optional<Duration> retryAfter) {
        boolean is(int expected) {
            return status == expected;
        }

        boolean success() {
            return status >= 200 && status < 300;
        }

        /** Worth the same request again: nothing was answered, the gateway had no healthy instance, or rate limit. */
        boolean transientFailure() {
            return status == 0 || status == 429 || status == 502 || status == 503 || status == 504;
        }

        @Override
        public String toString() {
            return status + " " + code;
        }
    }

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3))
            .build();
    private final String base;
    private final Metrics metrics;

    GatewayClient(String base, Metrics metrics) {
        this.base = base;
        this.metrics = metrics;
    }

    Reply get(Endpoint endpoint, String path, String accessToken, String queueToken) {
        return send(endpoint, request(path, accessToken, queueToken).GET());
    }

    Reply delete(Endpoint endpoint, String path, String accessToken, String queueToken) {
        return send(endpoint, request(path, accessToken, queueToken).DELETE());
    }

    /**
     * {@code body} null: none at all. {@code idempotencyKey} may be null; a retry must pass the same key, which is
     * what makes it safe.
     */
    Reply post(Endpoint endpoint, String path, String accessToken, String queueToken, Object body,
               String idempotencyKey) {
        HttpRequest.Builder request = request(path, accessToken, queueToken);
        if (body == null) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(endpoint, request);
    }

    private HttpRequest.Builder request(String path, String accessToken, String queueToken) {
        // a fan gives up on a request after 15 s, like a browser tab would; the gateway's own limits are shorter
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/v1" + path))
                .timeout(Duration.ofSeconds(15));
        if (accessToken != null) {
            request.header("Authorization", "Bearer " + accessToken);
        }
        if (queueToken != null) {
            request.header(QUEUE_TOKEN_HEADER, queueToken);
        }
        return request;
    }

    private Reply send(Endpoint endpoint, HttpRequest.Builder request) {
        long started = System.nanoTime();
        Reply reply;
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            reply = parse(response);
        } catch (HttpTimeoutException e) {
            reply = new Reply(0, null, "TIMEOUT", Optional.empty());
        } catch (IOException e) {
            reply = new Reply(0, null, "NO_ANSWER", Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FanStopped();
        }
        metrics.record(endpoint, reply.status(), reply.code(), started);
        return reply;
    }

    private static Reply parse(HttpResponse<String> response) {
        String raw = response.body();
        JsonNode body = null;
        if (raw != null && (raw.startsWith("{") || raw.startsWith("["))) {
            try {
                body = JSON.readTree(raw);
            } catch (RuntimeException e) {
                body = null; // a truncated body under faults: the status still tells the story
            }
        }
        String code = body != null && body.isObject() ? body.path("code").asString(null) : null;
        Optional<Duration> retryAfter = response.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v.trim())));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
        return new Reply(response.statusCode(), body, code, retryAfter);
    }

    /** Thrown into a fan's thread when the run stops it (interrupt): the fan ends as CUT_OFF. */
    static final class FanStopped extends RuntimeException {
        FanStopped() {
            super(null, null, false, false);
        }
    }
}
