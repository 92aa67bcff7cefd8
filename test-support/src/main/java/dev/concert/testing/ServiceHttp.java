package dev.concert.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** A service's HTTP API as its tests call it: JSON in, the whole answer back, nothing hidden. */
public class ServiceHttp {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;

    public ServiceHttp(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** An answer: status, headers (lower-case names), the body as JSON (missing when empty) and as text, and time. */
    public record Reply(int status, Map<String, List<String>> headers, JsonNode body, String raw, long millis) {

        /** The problem's stable code, for an error answer. */
        public String code() {
            return body.path("code").asString(null);
        }

        public String contentType() {
            return headers.getOrDefault("content-type", List.of("")).getFirst();
        }

        public String text(String field) {
            return body.path(field).asString(null);
        }

        public UUID uuid(String field) {
            return UUID.fromString(body.required(field).asString());
        }

        public long number(String field) {
            return body.required(field).asLong();
        }

        /** A refusal as the API promises it: this status, problem+json, this stable code. */
        public Reply assertProblem(int expectedStatus, String expectedCode) {
            assertThat(status).as(raw).isEqualTo(expectedStatus);
            assertThat(contentType()).startsWith("application/problem+json");
            assertThat(code()).as(raw).isEqualTo(expectedCode);
            assertThat(body.path("detail").asString()).as("a human sentence too").isNotBlank();
            return this;
        }
    }

    public Reply get(String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
        headers.forEach(request::header);
        return send(request);
    }

    /** POSTs {@code body} as JSON; a null body sends none. */
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
