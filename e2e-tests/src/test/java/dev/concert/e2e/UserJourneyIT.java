package dev.concert.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import dev.concert.e2e.Api.Reply;
import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A fan's journey and the spec's failure paths, through the gateway, against two instances of every service.
 */
@TestMethodOrder(MethodOrderer.MethodName.class)
class UserJourneyIT {

    private static final Api api = new Api(LocalStack.GATEWAY);
    private final List<String> tokensToRelease = new ArrayList<>();

    record Fan(UUID userId, String token) {
    }

    @BeforeAll
    static void startStack() {
        LocalStack.ensureStarted();
    }

    @AfterEach
    void leaveQueue() {
        // ACTIVE capacity is small here: whoever did not pay gives the place back
        tokensToRelease.forEach(t -> api.delete("/api/v1/queue/tokens/me", t));
    }

    @AfterAll
    static void invariantsHold() {
        if (Boolean.getBoolean("e2e.skip") || Boolean.getBoolean("fault-matrix.execution")) {
            return;
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(new Invariants("e2e").check()).allSatisfy((name, violations) ->
                        assertThat(violations).as(name).isEmpty()));
    }

    private Fan joinQueue() {
        UUID userId = UUID.randomUUID();
        Reply issued = api.post("/api/v1/queue/tokens", null, Map.of("userId", userId.toString()));
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        String token = issued.body().path("token").asString();
        tokensToRelease.add(token);
        return new Fan(userId, token);
    }

    private Fan activeFan() {
        Fan fan = joinQueue();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() ->
                "ACTIVE".equals(api.get("/api/v1/queue/status", fan.token()).body().path("status").asString()));
        return fan;
    }

    private JsonNode bookableSchedule(Fan fan) {
        Reply concerts = api.get("/api/v1/concerts", fan.token());
        assertThat(concerts.status()).as(concerts.toString()).isEqualTo(200);
        JsonNode list = concerts.body().isArray() ? concerts.body() : concerts.body().path("concerts");
        assertThat(list.size()).isPositive();
        for (JsonNode concert : list) {
            Reply schedules = api.get("/api/v1/concerts/" + concert.path("concertId").asString() + "/schedules",
                    fan.token());
            assertThat(schedules.status()).as(schedules.toString()).isEqualTo(200);
            JsonNode dates = schedules.body().isArray() ? schedules.body() : schedules.body().path("schedules");
            for (JsonNode date : dates) {
                if (date.path("availableSeats").asInt() > 5) {
                    return date;
                }
            }
        }
        throw new AssertionError("no bookable schedule with seats left in the demo data");
    }

    private JsonNode availableSeat(Fan fan, String scheduleId) {
        Reply seats = api.get("/api/v1/schedules/" + scheduleId + "/seats", fan.token());
        assertThat(seats.status()).as(seats.toString()).isEqualTo(200);
        List<JsonNode> free = new ArrayList<>();
        seats.body().path("seats").forEach(s -> {
            if ("AVAILABLE".equals(s.path("status").asString())) {
                free.add(s);
            }
        });
        assertThat(free).isNotEmpty();
        return free.get(ThreadLocalRandom.current().nextInt(free.size()));
    }

    private JsonNode hold(Fan fan) {
        String scheduleId = bookableSchedule(fan).path("scheduleId").asString();
        for (int attempt = 0; attempt < 5; attempt++) {
            JsonNode seat = availableSeat(fan, scheduleId);
            Reply held = api.post("/api/v1/reservations", fan.token(),
                    Map.of("scheduleId", scheduleId, "seatId", seat.path("seatId").asString()));
            if (held.status() == 201) {
                return held.body();
            }
            assertThat(held.status()).as(held.toString()).isEqualTo(409);
        }
        throw new AssertionError("could not hold any seat");
    }

    private void charge(Fan fan, long amount) {
        Reply charged = api.postIdempotent("/api/v1/users/" + fan.userId() + "/wallet/charges", fan.token(),
                Map.of("amount", amount));
        assertThat(charged.status()).as(charged.toString()).isBetween(200, 201);
    }

    record Outcome(String status, String failureReason) {
    }

    /** Pays and follows the payment until it is final; a COMPLETED payment expires the token, so then ask the DB. */
    private Outcome payAndAwaitFinalState(Fan fan, String reservationId) {
        Reply paid = api.postIdempotent("/api/v1/payments", fan.token(), Map.of("reservationId", reservationId));
        assertThat(paid.status()).as(paid.toString()).isIn(200, 201, 202);
        String paymentId = paid.body().path("paymentId").asString();
        Outcome[] last = new Outcome[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
            Reply status = api.get("/api/v1/payments/" + paymentId, fan.token());
            if (status.status() == 200) {
                last[0] = new Outcome(status.body().path("status").asString(),
                        status.body().path("failureReason").asString(null));
            } else {
                List<String> rows = new Invariants("e2e").query("payment",
                        "SELECT status FROM payment WHERE payment_id = '" + paymentId + "'");
                last[0] = new Outcome(rows.getFirst(), null);
            }
            return !"PENDING".equals(last[0].status());
        });
        return last[0];
    }

    @Test
    void a_fan_waits_holds_a_seat_charges_pays_and_is_done() {
        Fan fan = activeFan();
        JsonNode schedule = bookableSchedule(fan);
        int seatsBefore = schedule.path("availableSeats").asInt();
        String scheduleId = schedule.path("scheduleId").asString();

        JsonNode seat = availableSeat(fan, scheduleId);
        Reply held = api.post("/api/v1/reservations", fan.token(),
                Map.of("scheduleId", scheduleId, "seatId", seat.path("seatId").asString()));
        assertThat(held.status()).as(held.toString()).isEqualTo(201);
        assertThat(held.body().path("status").asString()).isEqualTo("HELD");
        assertThat(held.body().path("expiresAt").asString()).isNotBlank();
        long price = held.body().path("price").asLong();
        String reservationId = held.body().path("reservationId").asString();

        charge(fan, price);
        Reply wallet = api.get("/api/v1/users/" + fan.userId() + "/wallet", fan.token());
        assertThat(wallet.body().path("balance").asLong()).isEqualTo(price);

        Reply paid = api.postIdempotent("/api/v1/payments", fan.token(), Map.of("reservationId", reservationId));
        assertThat(paid.status()).as(paid.toString()).isIn(200, 201, 202);
        String paymentId = paid.body().path("paymentId").asString();

        // the saga completes: seat BOOKED, money gone, token expired (and so the fan is done with the queue)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Reply status = api.get("/api/v1/queue/status", fan.token());
            assertThat(status.body().path("status").asString()).isEqualTo("EXPIRED");
        });
        Reply afterwards = api.get("/api/v1/concerts", fan.token());
        assertThat(afterwards.status()).isEqualTo(401);
        assertThat(afterwards.code()).isEqualTo("TOKEN_NOT_ACTIVE");

        Invariants db = new Invariants("e2e");
        assertThat(db.query("payment", "SELECT status FROM payment WHERE payment_id = '" + paymentId + "'"))
                .containsExactly("COMPLETED");
        assertThat(db.query("reservation", "SELECT status FROM seat WHERE id = '" + seat.path("seatId").asString() + "'"))
                .containsExactly("BOOKED");
        assertThat(db.single("wallet", "SELECT balance FROM wallet WHERE user_id = '" + fan.userId() + "'")).isZero();

        // a newcomer sees one seat fewer on that date
        Fan next = activeFan();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            Reply seats = api.get("/api/v1/schedules/" + scheduleId + "/seats", next.token());
            seats.body().path("seats").forEach(s -> {
                if (s.path("seatId").asString().equals(seat.path("seatId").asString())) {
                    assertThat(s.path("status").asString()).isEqualTo("BOOKED");
                }
            });
            Reply dates = api.get("/api/v1/concerts/" + schedule.path("concertId").asString() + "/schedules",
                    next.token());
            JsonNode list = dates.body().isArray() ? dates.body() : dates.body().path("schedules");
            list.forEach(d -> {
                if (d.path("scheduleId").asString().equals(scheduleId)) {
                    assertThat(d.path("availableSeats").asInt()).isLessThan(seatsBefore);
                }
            });
        });
    }

    @Test
    void no_token_or_a_forged_one_is_refused_everywhere_but_token_issue() {
        for (String path : List.of("/api/v1/concerts", "/api/v1/queue/status",
                "/api/v1/users/" + UUID.randomUUID() + "/wallet")) {
            Reply none = api.get(path, null);
            assertThat(none.status()).as(path).isEqualTo(401);
            assertThat(none.body().path("code").asString()).isNotBlank();
            Reply forged = api.get(path, "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl");
            assertThat(forged.status()).as(path).isEqualTo(401);
        }
    }

    @Test
    void a_waiting_token_cannot_reach_seats_but_can_see_its_place() {
        // more fans than ACTIVE places: some must wait
        List<Fan> crowd = new ArrayList<>();
        for (int i = 0; i < LocalStack.ACTIVE_CAPACITY + 4; i++) {
            crowd.add(joinQueue());
        }
        boolean sawWaitingRefused = false;
        for (Fan fan : crowd) {
            Reply status = api.get("/api/v1/queue/status", fan.token());
            assertThat(status.status()).isEqualTo(200);
            if ("WAITING".equals(status.body().path("status").asString())) {
                assertThat(status.body().path("position").asLong()).isPositive();
                assertThat(status.body().path("pollAfterSeconds").asInt()).isPositive();
                Reply refused = api.get("/api/v1/concerts", fan.token());
                if (refused.status() == 401) {
                    assertThat(refused.code()).isEqualTo("TOKEN_NOT_ACTIVE");
                    sawWaitingRefused = true;
                    break;
                }
            }
        }
        assertThat(sawWaitingRefused).as("a WAITING fan was refused with TOKEN_NOT_ACTIVE").isTrue();
    }

    @Test
    void a_seat_held_by_one_fan_cannot_be_held_by_another() {
        Fan first = activeFan();
        Fan second = activeFan();
        JsonNode held = hold(first);

        Reply taken = api.post("/api/v1/reservations", second.token(), Map.of(
                "scheduleId", held.path("scheduleId").asString(), "seatId", held.path("seatId").asString()));
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.code()).isEqualTo("SEAT_NOT_AVAILABLE");
        assertThat(api.get("/api/v1/reservations/" + held.path("reservationId").asString(), second.token()).status())
                .isIn(403, 404);
    }

    @Test
    void paying_after_the_hold_expired_is_refused_and_the_seat_is_free_again() {
        Fan fan = activeFan();
        JsonNode held = hold(fan);
        charge(fan, held.path("price").asLong());

        String reservationId = held.path("reservationId").asString();
        await().atMost(LocalStack.HOLD.plusSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() ->
                "EXPIRED".equals(api.get("/api/v1/reservations/" + reservationId, fan.token())
                        .body().path("status").asString()));

        Reply late = api.postIdempotent("/api/v1/payments", fan.token(), Map.of("reservationId", reservationId));
        assertThat(late.status()).as(late.toString()).isBetween(400, 499);
        assertThat(api.get("/api/v1/users/" + fan.userId() + "/wallet", fan.token()).body().path("balance").asLong())
                .isEqualTo(held.path("price").asLong());
        Reply seats = api.get("/api/v1/schedules/" + held.path("scheduleId").asString() + "/seats", fan.token());
        seats.body().path("seats").forEach(s -> {
            if (s.path("seatId").asString().equals(held.path("seatId").asString())) {
                assertThat(s.path("status").asString()).isIn("AVAILABLE", "HELD");
            }
        });
    }

    @Test
    void insufficient_balance_fails_the_payment_keeps_the_hold_and_a_second_try_succeeds() {
        Fan fan = activeFan();
        JsonNode held = hold(fan);
        long price = held.path("price").asLong();
        String reservationId = held.path("reservationId").asString();
        charge(fan, price / 2);

        Outcome failed = payAndAwaitFinalState(fan, reservationId);
        assertThat(failed.status()).isEqualTo("FAILED");
        assertThat(failed.failureReason()).isEqualTo("INSUFFICIENT_BALANCE");
        assertThat(api.get("/api/v1/reservations/" + reservationId, fan.token()).body().path("status").asString())
                .isEqualTo("HELD");
        assertThat(api.get("/api/v1/users/" + fan.userId() + "/wallet", fan.token()).body().path("balance").asLong())
                .isEqualTo(price / 2);

        charge(fan, price);
        assertThat(payAndAwaitFinalState(fan, reservationId).status()).isEqualTo("COMPLETED");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(new Invariants("e2e").query("payment",
                "SELECT status FROM payment WHERE reservation_id = '" + reservationId + "' ORDER BY created_at"))
                .containsExactly("FAILED", "COMPLETED"));
    }

    @Test
    void nobody_can_read_or_charge_another_fans_wallet() {
        Fan fan = joinQueue();
        UUID someoneElse = UUID.randomUUID();

        assertThat(api.get("/api/v1/users/" + someoneElse + "/wallet", fan.token()).status()).isEqualTo(403);
        Reply charge = api.postIdempotent("/api/v1/users/" + someoneElse + "/wallet/charges", fan.token(),
                Map.of("amount", 1000));
        assertThat(charge.status()).isEqualTo(403);
        assertThat(api.get("/api/v1/users/" + fan.userId() + "/wallet", fan.token()).status()).isEqualTo(200);
    }

    @Test
    void every_service_publishes_its_openapi_document_through_the_gateway() {
        for (String service : List.of("queue-service", "concert-service", "reservation-service", "wallet-service",
                "payment-service")) {
            Reply docs = api.get("/api-docs/" + service, null);
            assertThat(docs.status()).as(service + ": " + docs).isEqualTo(200);
            assertThat(docs.body().path("openapi").asString()).as(service).startsWith("3.");
            assertThat(docs.body().path("paths").size()).as(service).isPositive();
        }
    }

    /** Runs last (method order): one instance of a service is killed; the gateway sends its requests elsewhere. */
    @Test
    void when_an_instance_dies_the_gateway_sends_requests_to_the_other_one() throws Exception {
        Fan fan = activeFan();
        java.nio.file.Path pidFile = LocalStack.root().resolve(".local/run/e2e/concert-service-2.pid");
        long pid = Long.parseLong(java.nio.file.Files.readString(pidFile).trim());
        ProcessHandle instance = ProcessHandle.of(pid).orElseThrow();
        instance.destroyForcibly();
        instance.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);

        for (int i = 0; i < 10; i++) {
            Reply concerts = api.get("/api/v1/concerts", fan.token());
            assertThat(concerts.status()).as("request %d: %s", i, concerts).isEqualTo(200);
        }
    }
}
