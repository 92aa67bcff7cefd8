package dev.concert.wallet;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Plain HTTP against the running service, as a client (or the gateway) would call it. */
public final class WalletApi {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;

    public WalletApi(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public record Reply(int status, String contentType, JsonNode body, String raw) {
        public String code() {
            return body.path("code").asString(null);
        }

        public long balance() {
            return body.required("balance").asLong();
        }
    }

    public Reply balance(UUID userId) {
        return get("/api/v1/users/" + userId + "/wallet", Map.of("X-User-Id", userId.toString()));
    }

    public Reply charge(UUID userId, String idempotencyKey, long amount) {
        return post("/api/v1/users/" + userId + "/wallet/charges",
                Map.of("X-User-Id", userId.toString(), "Idempotency-Key", idempotencyKey),
                "{\"amount\":" + amount + "}");
    }

    public Reply charge(UUID userId, long amount) {
        return charge(userId, UUID.randomUUID().toString(), amount);
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
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String raw = response.body();
            JsonNode body = raw == null || raw.isBlank() ? JSON.missingNode() : JSON.readTree(raw);
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), body,
                    raw);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
