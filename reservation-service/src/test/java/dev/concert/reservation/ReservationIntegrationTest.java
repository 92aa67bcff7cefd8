package dev.concert.reservation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.concert.platform.web.QueueRoom;
import dev.concert.testing.ServiceIntegrationTest;
import dev.concert.testing.TestIssuer;
import dev.concert.events.ScheduleOpened;
import dev.concert.reservation.inventory.ScheduleInventory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one Spring context most integration tests share (same annotations, same properties): real MariaDB
 * (reservation_test) and the real Kafka broker, HTTP over a random port. A request made "as" a user carries a genuine
 * access token of the {@link TestIssuer} for that user; a null user sends no token. A hold and a seat map are asked
 * from inside the waiting room of their schedule's sale: the {@code X-Queue-Room} header the gateway relays.
 */
@ServiceIntegrationTest
public abstract class ReservationIntegrationTest {

    protected static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    protected static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    protected int port;
    @Autowired
    protected JdbcClient jdbc;
    @Autowired
    protected ScheduleInventory inventory;
    @Autowired
    protected TransactionTemplate tx;

    public record Response(int status, String contentType, JsonNode body) {

        public String code() {
            return body.path("code").asString(null);
        }
    }

    /** A schedule on sale now, with {@code seats} seats numbered from 1. Not yet in the database. */
    public static ScheduleOpened scheduleOnSale(int seats) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<ScheduleOpened.CatalogSeat> catalog = new ArrayList<>();
        for (int n = 1; n <= seats; n++) {
            String grade = n <= 10 ? "VIP" : n <= 30 ? "R" : "S";
            long price = n <= 10 ? 150_000 : n <= 30 ? 110_000 : 80_000;
            catalog.add(new ScheduleOpened.CatalogSeat(UUID.randomUUID(), n, grade, price));
        }
        return new ScheduleOpened(UUID.randomUUID(), UUID.randomUUID(), "Test concert", now.plus(Duration.ofDays(7)),
                now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(6)), catalog);
    }

    /** Opens a schedule through the same code path the ScheduleOpened listener runs. */
    protected ScheduleOpened openSchedule(int seats) {
        ScheduleOpened event = scheduleOnSale(seats);
        tx.executeWithoutResult(s -> inventory.open(event));
        return event;
    }

    protected Response hold(UUID user, UUID scheduleId, UUID seatId) {
        return hold(port, user, scheduleId, seatId);
    }

    /** Holds the seat from inside the waiting room of the schedule's own sale, as the gateway lets a fan through. */
    public static Response hold(int port, UUID user, UUID scheduleId, UUID seatId) {
        return holdInRoom(port, scheduleId, user, scheduleId, seatId);
    }

    /** Holds the seat with a queue token of {@code room}'s sale, which may be another schedule's. */
    public static Response holdInRoom(int port, UUID room, UUID user, UUID scheduleId, UUID seatId) {
        return postWithHeaders(port, "/api/v1/reservations", inRoom(user.toString(), room),
                "{\"scheduleId\":\"" + scheduleId + "\",\"seatId\":\"" + seatId + "\"}");
    }

    /** The schedule's seat map, seen from inside the waiting room of its sale. */
    protected Response seatMap(UUID scheduleId, UUID user) {
        return seatMap(port, scheduleId, user.toString());
    }

    public static Response seatMap(int port, UUID scheduleId, String user) {
        return getWithHeaders(port, "/api/v1/schedules/" + scheduleId + "/seats", inRoom(user, scheduleId));
    }

    /** The {@code Authorization} header of a genuine access token for this user (a UUID); none for null. */
    public static Map<String, String> signedIn(String user) {
        return user == null ? Map.of() : TestIssuer.shared().bearer(UUID.fromString(user));
    }

    /**
     * What the gateway sends for a fan its queue let into {@code room}'s sale: the access token and the room the
     * verified queue token is for.
     */
    public static Map<String, String> inRoom(String user, UUID room) {
        Map<String, String> headers = new HashMap<>(signedIn(user));
        headers.put(QueueRoom.HEADER, room.toString());
        return headers;
    }

    public static Response post(int port, String path, String user, String body) {
        return postWithHeaders(port, path, signedIn(user), body);
    }

    /** POSTs with exactly these headers (besides Content-Type): for tests of what a caller can forge. */
    public static Response postWithHeaders(int port, String path, Map<String, String> headers, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return send(request.build());
    }

    protected Response get(String path, UUID user) {
        return get(port, path, user == null ? null : user.toString());
    }

    public static Response get(int port, String path, String user) {
        return getWithHeaders(port, path, signedIn(user));
    }

    public static Response getWithHeaders(int port, String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET();
        headers.forEach(request::header);
        return send(request.build());
    }

    protected Response delete(String path, UUID user) {
        return delete(port, path, user == null ? null : user.toString());
    }

    public static Response delete(int port, String path, String user) {
        return deleteWithHeaders(port, path, signedIn(user));
    }

    public static Response deleteWithHeaders(int port, String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).DELETE();
        headers.forEach(request::header);
        return send(request.build());
    }

    private static Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body));
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
