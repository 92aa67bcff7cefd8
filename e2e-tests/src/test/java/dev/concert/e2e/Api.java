package dev.concert.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A client app talking to the gateway: JSON in, status and JSON out. */
final class Api {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private final String base;

    Api(String base) {
        this.base = base;
    }

    record Reply(int status, JsonNode body, String raw) {
        String code() {
            return body == null ? null : body.path("code").asString(null);
        }

        @Override
        public String toString() {
            return status + " " + raw;
        }
    }

    Reply get(String path, String token) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), token, Map.of());
    }

    Reply delete(String path, String token) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE(), token, Map.of());
    }

    Reply post(String path, String token, Object body, Map<String, String> headers) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body))),
                token, headers);
    }

    Reply post(String path, String token, Object body) {
        return post(path, token, body, Map.of());
    }

    Reply postIdempotent(String path, String token, Object body) {
        return post(path, token, body, Map.of("Idempotency-Key", UUID.randomUUID().toString()));
    }

    private Reply send(HttpRequest.Builder request, String token, Map<String, String> headers) {
        request.timeout(Duration.ofSeconds(15));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = null;
            String raw = response.body();
            if (raw != null && !raw.isBlank() && (raw.startsWith("{") || raw.startsWith("["))) {
                body = JSON.readTree(raw);
            }
            return new Reply(response.statusCode(), body, raw);
        } catch (IOException e) {
            throw new IllegalStateException("HTTP call failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
