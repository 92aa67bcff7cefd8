package dev.concert.payment;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Plain HTTP against the running service, as a client (through the gateway) would call it. */
public final class PaymentApi {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;

    public PaymentApi(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public record Reply(int status, Map<String, java.util.List<String>> headers, JsonNode body, String raw,
                        long millis) {
        public String code() {
            return body.path("code").asString(null);
        }

        public String paymentStatus() {
            return body.path("status").asString(null);
        }

        public UUID paymentId() {
            return UUID.fromString(body.required("paymentId").asString());
        }

        public String contentType() {
            return headers.getOrDefault("content-type", java.util.List.of("")).getFirst();
        }
    }

    public Reply pay(UUID userId, String idempotencyKey, UUID reservationId) {
        return post("/api/v1/payments", Map.of("X-User-Id", userId.toString(), "Idempotency-Key", idempotencyKey),
                "{\"reservationId\":\"" + reservationId + "\"}");
    }

    public Reply pay(UUID userId, UUID reservationId) {
        return pay(userId, UUID.randomUUID().toString(), reservationId);
    }

    public Reply payment(UUID userId, UUID paymentId) {
        return get("/api/v1/payments/" + paymentId, Map.of("X-User-Id", userId.toString()));
    }

    public Reply get(String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
        headers.forEach(request::header);
        return send(request);
    }

    public Reply post(String path, Map<String, String> headers, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return send(request);
    }

    private static Reply send(HttpRequest.Builder request) {
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String raw = response.body();
            JsonNode body = raw == null || raw.isBlank() ? JSON.missingNode() : JSON.readTree(raw);
            return new Reply(response.statusCode(), response.headers().map(), body, raw,
                    (System.nanoTime() - started) / 1_000_000);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
