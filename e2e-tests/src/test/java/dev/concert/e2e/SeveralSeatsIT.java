package dev.concert.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.concert.e2e.Api.Reply;
import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A fan may buy several seats in one visit and cancel a booking later (issue 11), through the gateway against two
 * instances of every service: the queue token ends after the fan's last hold, not their first booking; a released
 * hold's seat is on sale at once; a booking cancelled before the show gives the seat back and the money, once.
 */
class SeveralSeatsIT {

    private static final Api api = LocalStack.api();
    private static final Duration SAGA = Duration.ofSeconds(30);

    @BeforeAll
    static void startStack() {
        LocalStack.ensureStarted();
    }

    @AfterAll
    static void invariantsHold() {
        if (Boolean.getBoolean("e2e.skip")) {
            return;
        }
        await().atMost(SAGA).untilAsserted(() -> assertThat(new Invariants("e2e").check())
                .allSatisfy((name, violations) -> assertThat(violations).as(name).isEmpty()));
    }

    /** The fan joins the waiting room of {@code scheduleId} (a queue token for it) and waits until ACTIVE. */
    private static void joinAndAwaitActive(Fan fan, String scheduleId) {
        Reply issued = api.issueQueueToken(fan, scheduleId);
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        assertThat(issued.body().path("roomId").asString()).isEqualTo(scheduleId);
        // PRE_QUEUE (the room not open yet) and WAITING are both a wait
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() ->
                "ACTIVE".equals(tokenStatus(fan)));
    }

    private static String tokenStatus(Fan fan) {
        return api.get("/api/v1/queue/status", fan.inQueue()).body().path("status").asString();
    }

    /** Seats AVAILABLE on one date. */
    record FreeSeats(String scheduleId, List<JsonNode> seats) {
    }

    /**
     * A date of the demo data with {@code seats} seats left and a few more (for other tests), as the listing shows
     * it: concerts and dates need the access token alone, no queue token (a room is joined for a date picked here).
     */
    private static String dateWithSeatsLeft(Fan fan, int seats) {
        Reply concerts = api.get("/api/v1/concerts", fan.signedIn());
        assertThat(concerts.status()).as(concerts.toString()).isEqualTo(200);
        JsonNode list = concerts.body().isArray() ? concerts.body() : concerts.body().path("concerts");
        for (JsonNode concert : list) {
            Reply schedules = api.get("/api/v1/concerts/" + concert.path("concertId").asString() + "/schedules",
                    fan.signedIn());
            assertThat(schedules.status()).as(schedules.toString()).isEqualTo(200);
            JsonNode dates = schedules.body().isArray() ? schedules.body() : schedules.body().path("schedules");
            for (JsonNode date : dates) {
                if (date.path("availableSeats").asInt() >= seats + 5) {
                    return date.path("scheduleId").asString();
                }
            }
        }
        throw new AssertionError("no date of the demo data with " + seats + " seats left");
    }

    /** {@code seats} seats AVAILABLE on the date whose room the fan's ACTIVE token is for (its seat map). */
    private static FreeSeats availableSeats(Fan fan, String scheduleId, int seats) {
        Reply map = api.get("/api/v1/schedules/" + scheduleId + "/seats", fan.inQueue());
        assertThat(map.status()).as(map.toString()).isEqualTo(200);
        List<JsonNode> free = new ArrayList<>();
        map.body().path("seats").forEach(s -> {
            if ("AVAILABLE".equals(s.path("status").asString())) {
                free.add(s);
            }
        });
        assertThat(free).as("seats AVAILABLE on " + scheduleId).hasSizeGreaterThanOrEqualTo(seats);
        return new FreeSeats(scheduleId, free.subList(free.size() - seats, free.size()));
    }

    /** A new account, signed in: finds a date with the access token alone, joins its room, waits until ACTIVE. */
    private static FreeSeats activeFanWithSeats(Fan fan, int seats) {
        String scheduleId = dateWithSeatsLeft(fan, seats);
        joinAndAwaitActive(fan, scheduleId);
        return availableSeats(fan, scheduleId, seats);
    }

    private static JsonNode hold(Fan fan, String scheduleId, JsonNode seat) {
        Reply held = api.post("/api/v1/reservations", fan.inQueue(),
                Map.of("scheduleId", scheduleId, "seatId", seat.path("seatId").asString()));
        assertThat(held.status()).as(held.toString()).isEqualTo(201);
        return held.body();
    }

    private static void charge(Fan fan, long amount) {
        Reply charged = api.postIdempotent("/api/v1/users/me/wallet/charges", fan.signedIn(),
                Map.of("amount", amount));
        assertThat(charged.status()).as(charged.toString()).isBetween(200, 201);
    }

    private static String pay(Fan fan, JsonNode held) {
        Reply paid = api.postIdempotent("/api/v1/payments", fan.inQueue(),
                Map.of("reservationId", held.path("reservationId").asString()));
        assertThat(paid.status()).as(paid.toString()).isIn(200, 201, 202);
        return paid.body().path("paymentId").asString();
    }

    private static String paymentStatus(String paymentId) {
        return new Invariants("e2e").query("payment", "SELECT status FROM payment WHERE payment_id = '" + paymentId
                + "'").getFirst();
    }

    private static String seatStatus(JsonNode held) {
        return new Invariants("e2e").query("reservation", "SELECT status FROM seat WHERE id = '"
                + held.path("seatId").asString() + "'").getFirst();
    }

    private static long balance(Fan fan) {
        return api.get("/api/v1/users/me/wallet", fan.signedIn()).body().path("balance").asLong();
    }

    @Test
    void a_fan_holds_three_seats_pays_two_and_releases_one_and_the_token_ends_after_the_last() {
        Fan fan = api.newFan();
        FreeSeats free = activeFanWithSeats(fan, 3);
        String scheduleId = free.scheduleId();
        List<JsonNode> holds = new ArrayList<>();
        for (JsonNode seat : free.seats()) {
            holds.add(hold(fan, scheduleId, seat));
        }
        charge(fan, holds.get(0).path("price").asLong() + holds.get(1).path("price").asLong());

        // the third is given up: on sale again at once, for everyone
        Reply released = api.delete("/api/v1/reservations/" + holds.get(2).path("reservationId").asString(),
                fan.signedIn());
        assertThat(released.status()).as(released.toString()).isEqualTo(200);
        assertThat(released.body().path("status").asString()).isEqualTo("CANCELLED");
        // the seat map is kept up to reservation.seat-map.max-age (500 ms) per instance: it shows the change within that
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Reply map = api.get("/api/v1/schedules/" + scheduleId + "/seats", fan.inQueue());
            map.body().path("seats").forEach(s -> {
                if (s.path("seatId").asString().equals(holds.get(2).path("seatId").asString())) {
                    assertThat(s.path("status").asString()).isEqualTo("AVAILABLE");
                }
            });
        });

        // the first is paid: the second is still to pay, so the visit goes on (the hold time here is 8 s: no waiting)
        String first = pay(fan, holds.get(0));
        await().atMost(SAGA).until(() -> "COMPLETED".equals(paymentStatus(first)));
        assertThat(tokenStatus(fan)).isEqualTo("ACTIVE");

        // the second is paid through the same visit (an ended visit would answer 401): then the token ends
        String second = pay(fan, holds.get(1));
        await().atMost(SAGA).until(() -> "COMPLETED".equals(paymentStatus(second)));
        await().atMost(SAGA).until(() -> "EXPIRED".equals(tokenStatus(fan)));
        assertThat(api.get("/api/v1/queue/status", fan.inQueue()).body().path("reason").asString())
                .isEqualTo("BOOKED");
        // the bookings stay the fan's to see with the access token alone
        Reply mine = api.get("/api/v1/reservations", fan.signedIn());
        assertThat(mine.status()).as(mine.toString()).isEqualTo(200);
        assertThat(mine.body().findValuesAsString("status")).containsExactlyInAnyOrder("CONFIRMED", "CONFIRMED",
                "CANCELLED");

        assertThat(seatStatus(holds.get(0))).isEqualTo("BOOKED");
        assertThat(seatStatus(holds.get(1))).isEqualTo("BOOKED");
        assertThat(seatStatus(holds.get(2))).isEqualTo("AVAILABLE");
        assertThat(balance(fan)).isZero();
    }

    @Test
    void a_booking_cancelled_twice_at_once_before_the_show_frees_the_seat_and_refunds_the_wallet_once() {
        Fan fan = api.newFan();
        FreeSeats free = activeFanWithSeats(fan, 1);
        JsonNode held = hold(fan, free.scheduleId(), free.seats().getFirst());
        long price = held.path("price").asLong();
        charge(fan, price);
        String paymentId = pay(fan, held);
        await().atMost(SAGA).until(() -> "COMPLETED".equals(paymentStatus(paymentId)));
        // its only hold is booked: the visit is over, and the cancel needs no ACTIVE token
        await().atMost(SAGA).until(() -> "EXPIRED".equals(tokenStatus(fan)));
        assertThat(balance(fan)).isZero();

        String path = "/api/v1/reservations/" + held.path("reservationId").asString();
        // the access token alone: the queue token ended with the booking
        var one = CompletableFuture.supplyAsync(() -> api.delete(path, fan.signedIn()));
        var two = CompletableFuture.supplyAsync(() -> api.delete(path, fan.signedIn()));

        for (Reply cancelled : List.of(one.join(), two.join())) {
            assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
            assertThat(cancelled.body().path("status").asString()).isEqualTo("CANCELLED");
            assertThat(cancelled.body().path("paymentId").asString()).isEqualTo(paymentId);
        }
        assertThat(seatStatus(held)).isEqualTo("AVAILABLE");
        await().atMost(SAGA).until(() -> "REFUNDED".equals(paymentStatus(paymentId)));
        assertThat(balance(fan)).isEqualTo(price);
        Invariants db = new Invariants("e2e");
        assertThat(db.single("wallet", "SELECT COUNT(*) FROM wallet_ledger WHERE kind = 'REFUND' AND payment_id = '"
                + paymentId + "'")).isOne();
        assertThat(db.single("reservation", "SELECT COUNT(*) FROM outbox_event WHERE event_type = 'BookingCancelled'"
                + " AND event_key = '" + held.path("reservationId").asString() + "'")).isOne();
    }
}
