package dev.concert.concert;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.concert.testing.ServiceIntegrationTest;
import dev.concert.testing.TestIssuer;
import dev.concert.concert.catalog.Concert;
import dev.concert.events.SaleWindow;
import dev.concert.concert.catalog.ScheduleOpening;
import dev.concert.concert.catalog.SeatCatalog;
import dev.concert.events.ScheduleOpened;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Spring context every integration test shares: real MariaDB (concert_test), real Kafka, random port. */
@ServiceIntegrationTest
public abstract class ConcertIntegrationTest {

    protected static final String ADMIN_KEY = "test-admin-key";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    protected int port;
    @Autowired
    protected JdbcClient jdbc;
    @Autowired
    protected ScheduleOpening opening;

    public record Response(int status, String contentType, JsonNode body, HttpHeaders headers) {

        public String code() {
            return body.path("code").asString(null);
        }

        /** The header's first value, or null. */
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    protected Concert newConcert() {
        return opening.createConcert(UUID.randomUUID(), "Concert " + UUID.randomUUID(), "Test Hall");
    }

    /** A schedule with the standard 50 seats, whose sale window is given relative to now. */
    protected ScheduleOpened schedule(Concert concert, Duration startsIn, Duration saleOpenedAgo,
                                      Duration saleClosesIn) {
        Instant now = Instant.now();
        return opening.open(UUID.randomUUID(), concert, new SaleWindow(now.plus(startsIn), now.minus(saleOpenedAgo),
                now.plus(saleClosesIn)), SeatCatalog.standard()).orElseThrow();
    }

    protected ScheduleOpened bookableSchedule(Concert concert, Duration startsIn) {
        return schedule(concert, startsIn, Duration.ofDays(1), startsIn.minusHours(1));
    }

    /**
     * A GET as a signed-in visitor: every {@code /api/**} call needs an access token now (AccessTokenSecurity), the
     * catalog too; paths outside {@code /api/**} ignore it.
     */
    protected Response get(String path) {
        return get(path, Map.of());
    }

    /** A GET as a signed-in visitor, with these headers too (e.g. If-None-Match). */
    protected Response get(String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        TestIssuer.shared().bearer(UUID.randomUUID()).forEach(request::header);
        headers.forEach(request::header);
        return send(request);
    }

    /** A GET with no access token at all. */
    protected Response getAnonymously(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    protected Response postAdmin(String path, String adminKey, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (adminKey != null) {
            request.header("X-Admin-Key", adminKey);
        }
        return send(request);
    }

    protected Response putAdmin(String path, String adminKey, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body));
        if (adminKey != null) {
            request.header("X-Admin-Key", adminKey);
        }
        return send(request);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body),
                    response.headers());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected long count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }
}
