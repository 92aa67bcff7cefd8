package dev.concert.reservation.hold;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.concert.events.ScheduleOpened;
import dev.concert.events.SeatHeld;
import dev.concert.events.Topics;
import dev.concert.testing.KafkaProbe;
import dev.concert.testing.TestIssuer;

import com.nimbusds.jwt.PlainJWT;
import dev.concert.reservation.ReservationIntegrationTest;

import org.junit.jupiter.api.Test;

class SeatHoldIT extends ReservationIntegrationTest {

    private UUID seat(ScheduleOpened schedule, int number) {
        return schedule.seats().get(number - 1).seatId();
    }

    @Test
    void holding_an_available_seat_answers_201_with_deadline_and_price_and_publishes_SeatHeld() {
        ScheduleOpened schedule = openSchedule(50);
        UUID user = UUID.randomUUID();
        try (KafkaProbe events = new KafkaProbe(Topics.RESERVATION)) {
            Instant before = Instant.now();
            Response held = hold(user, schedule.scheduleId(), seat(schedule, 7));

            assertThat(held.status()).isEqualTo(201);
            assertThat(held.body().path("status").asString()).isEqualTo("HELD");
            assertThat(held.body().path("price").asLong()).isEqualTo(150_000);
            assertThat(held.body().path("seatNumber").asInt()).isEqualTo(7);
            Instant expiresAt = Instant.parse(held.body().path("expiresAt").asString());
            assertThat(expiresAt).isBetween(before.plus(Duration.ofMinutes(5)).minusSeconds(1),
                    Instant.now().plus(Duration.ofMinutes(5)).plusSeconds(1));
            UUID reservationId = UUID.fromString(held.body().path("reservationId").asString());

            List<SeatHeld> published = events.await(SeatHeld.class, e -> e.reservationId().equals(reservationId), 1,
                    Duration.ofSeconds(20));
            assertThat(published).singleElement().satisfies(e -> {
                assertThat(e.userId()).isEqualTo(user);
                assertThat(e.seatId()).isEqualTo(seat(schedule, 7));
                assertThat(e.price()).isEqualTo(150_000);
            });
        }
        Response map = seatMap(schedule.scheduleId(), user);
        assertThat(map.status()).isEqualTo(200);
        assertThat(map.body().path("availableSeats").asInt()).isEqualTo(49);
        assertThat(map.body().path("seats").get(6).path("status").asString()).isEqualTo("HELD");
        assertThat(map.body().path("seats").get(7).path("status").asString()).isEqualTo("AVAILABLE");
    }

    @Test
    void holding_a_taken_seat_is_rejected() {
        ScheduleOpened schedule = openSchedule(50);
        assertThat(hold(UUID.randomUUID(), schedule.scheduleId(), seat(schedule, 1)).status()).isEqualTo(201);

        Response second = hold(UUID.randomUUID(), schedule.scheduleId(), seat(schedule, 1));
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.contentType()).startsWith("application/problem+json");
        assertThat(second.code()).isEqualTo("SEAT_NOT_AVAILABLE");
        assertThat(count("SELECT COUNT(*) FROM reservation WHERE seat_id = ?", seat(schedule, 1).toString()))
                .isEqualTo(1);
    }

    @Test
    void an_unknown_schedule_or_seat_is_404_and_a_seat_of_another_schedule_is_400() {
        ScheduleOpened schedule = openSchedule(50);
        ScheduleOpened other = openSchedule(50);
        UUID user = UUID.randomUUID();

        Response unknownSchedule = hold(user, UUID.randomUUID(), seat(schedule, 1));
        assertThat(unknownSchedule.status()).isEqualTo(404);
        assertThat(unknownSchedule.code()).isEqualTo("SCHEDULE_NOT_FOUND");
        Response unknownSeat = hold(user, schedule.scheduleId(), UUID.randomUUID());
        assertThat(unknownSeat.status()).isEqualTo(404);
        assertThat(unknownSeat.code()).isEqualTo("SEAT_NOT_FOUND");
        Response foreignSeat = hold(user, schedule.scheduleId(), seat(other, 1));
        assertThat(foreignSeat.status()).isEqualTo(400);
        assertThat(foreignSeat.code()).isEqualTo("SEAT_NOT_IN_SCHEDULE");

        assertThat(count("SELECT COUNT(*) FROM reservation WHERE user_id = ?", user.toString())).isZero();
        assertThat(seatMap(UUID.randomUUID(), user).status()).isEqualTo(404);
    }

    @Test
    void bad_input_is_400_problem_json_and_writes_nothing() {
        ScheduleOpened schedule = openSchedule(50);
        UUID user = UUID.randomUUID();
        String path = "/api/v1/reservations";
        List<Response> refused = List.of(
                post(port, path, user.toString(), "{\"scheduleId\":\"not-a-uuid\",\"seatId\":\"" + seat(schedule, 1) + "\"}"),
                post(port, path, user.toString(), "{\"scheduleId\":\"" + schedule.scheduleId() + "\"}"),
                post(port, path, user.toString(), "{\"scheduleId\":" + 12 + ",\"seatId\":[1]}"),
                post(port, path, user.toString(), "not json"),
                get(port, "/api/v1/schedules/not-a-uuid/seats", user.toString()),
                get(port, "/api/v1/reservations/not-a-uuid", user.toString()),
                get(port, "/api/v1/reservations?limit=0", user.toString()));
        assertThat(refused).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.code()).isNotBlank();
        });

        String seatOne = "{\"scheduleId\":\"" + schedule.scheduleId() + "\",\"seatId\":\"" + seat(schedule, 1) + "\"}";
        Response anonymous = post(port, path, null, seatOne);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");
        assertThat(anonymous.code()).isEqualTo("ACCESS_TOKEN_MISSING");
        Response forged = postWithHeaders(port, path, Map.of("X-User-Id", user.toString()), seatOne);
        assertThat(forged.status()).as("a user header is no identity").isEqualTo(401);
        assertThat(forged.code()).isEqualTo("ACCESS_TOKEN_MISSING");
        Response malformed = postWithHeaders(port, path, Map.of("Authorization", "Bearer not-a-uuid"), seatOne);
        assertThat(malformed.status()).isEqualTo(401);
        assertThat(malformed.code()).isEqualTo("ACCESS_TOKEN_INVALID");

        assertThat(count("SELECT COUNT(*) FROM reservation WHERE schedule_id = ?", schedule.scheduleId().toString()))
                .isZero();
        assertThat(count("SELECT COUNT(*) FROM seat WHERE schedule_id = ? AND status <> 'AVAILABLE'",
                schedule.scheduleId().toString())).isZero();
    }

    @Test
    void a_hold_with_a_forged_or_foreign_token_is_refused_and_the_seat_stays_free() {
        ScheduleOpened schedule = openSchedule(50);
        UUID user = UUID.randomUUID();
        TestIssuer issuer = TestIssuer.shared();
        Instant now = Instant.now();
        String genuine = issuer.accessToken(UUID.randomUUID());
        String[] parts = genuine.split("\\.");
        Map<String, String> refusals = new LinkedHashMap<>();
        refusals.put(issuer.token(user, c -> c.issueTime(Date.from(now.minusSeconds(1200)))
                .notBeforeTime(Date.from(now.minusSeconds(1200)))
                .expirationTime(Date.from(now.minusSeconds(300)))), "ACCESS_TOKEN_EXPIRED");
        refusals.put(TestIssuer.sign(TestIssuer.newKey(), issuer.claims(user, c -> { })), "ACCESS_TOKEN_INVALID");
        refusals.put(TestIssuer.sign(issuer.signingKey(), issuer.claims(user, c -> c.issuer("https://evil.example"))),
                "ACCESS_TOKEN_INVALID");
        refusals.put(issuer.token(user, c -> c.audience("someone-else")), "ACCESS_TOKEN_INVALID");
        refusals.put(new PlainJWT(issuer.claims(user, c -> { })).serialize(), "ACCESS_TOKEN_INVALID");
        refusals.put(parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                issuer.claims(user, c -> { }).toString().getBytes(StandardCharsets.UTF_8)) + "." + parts[2],
                "ACCESS_TOKEN_INVALID");

        String seatOne = "{\"scheduleId\":\"" + schedule.scheduleId() + "\",\"seatId\":\"" + seat(schedule, 1) + "\"}";
        refusals.forEach((token, code) -> {
            Response refused = postWithHeaders(port, "/api/v1/reservations", Map.of("Authorization", "Bearer " + token),
                    seatOne);
            assertThat(refused.status()).as(token).isEqualTo(401);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.code()).as(token).isEqualTo(code);
            assertThat(getWithHeaders(port, "/api/v1/reservations", Map.of("Authorization", "Bearer " + token))
                    .code()).isEqualTo(code);
        });

        assertThat(count("SELECT COUNT(*) FROM reservation WHERE schedule_id = ?", schedule.scheduleId().toString()))
                .isZero();
        assertThat(count("SELECT COUNT(*) FROM seat WHERE schedule_id = ? AND status <> 'AVAILABLE'",
                schedule.scheduleId().toString())).isZero();
        assertThat(hold(user, schedule.scheduleId(), seat(schedule, 1)).status())
                .as("the same user with a genuine token").isEqualTo(201);
    }

    @Test
    void a_schedule_not_on_sale_refuses_holds() {
        ScheduleOpened open = scheduleOnSale(50);
        ScheduleOpened closed = new ScheduleOpened(open.scheduleId(), open.concertId(), open.concertTitle(),
                open.startsAt(), Instant.now().plus(Duration.ofDays(1)), open.saleClosesAt(), open.seats());
        tx.executeWithoutResult(s -> inventory.open(closed));

        Response refused = hold(UUID.randomUUID(), closed.scheduleId(), seat(closed, 1));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.code()).isEqualTo("SALE_CLOSED");
    }

    @Test
    void a_user_may_keep_at_most_four_live_holds() {
        ScheduleOpened schedule = openSchedule(50);
        UUID user = UUID.randomUUID();
        for (int n = 1; n <= 4; n++) {
            assertThat(hold(user, schedule.scheduleId(), seat(schedule, n)).status()).isEqualTo(201);
        }
        Response fifth = hold(user, schedule.scheduleId(), seat(schedule, 5));
        assertThat(fifth.status()).isEqualTo(409);
        assertThat(fifth.code()).isEqualTo("HOLD_LIMIT_REACHED");
        assertThat(count("SELECT COUNT(*) FROM seat WHERE id = ? AND status = 'AVAILABLE'",
                seat(schedule, 5).toString())).isOne();
        // another user is not affected by the first one's limit
        assertThat(hold(UUID.randomUUID(), schedule.scheduleId(), seat(schedule, 5)).status()).isEqualTo(201);
    }

    @Test
    void the_hold_limit_holds_when_one_user_fires_many_holds_at_once() throws Exception {
        ScheduleOpened schedule = openSchedule(50);
        UUID user = UUID.randomUUID();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Response>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int n = 1; n <= 20; n++) {
                UUID seatId = seat(schedule, n);
                answers.add(pool.submit(() -> {
                    go.await();
                    return hold(user, schedule.scheduleId(), seatId);
                }));
            }
            go.countDown();
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Response> answer : answers) {
            statuses.add(answer.get().status());
        }
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(4);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(16);
        assertThat(count("SELECT COUNT(*) FROM reservation WHERE user_id = ? AND status = 'HELD'", user.toString()))
                .isEqualTo(4);
        assertThat(count("SELECT COUNT(*) FROM seat WHERE schedule_id = ? AND status = 'HELD'",
                schedule.scheduleId().toString())).isEqualTo(4);
    }

    @Test
    void only_the_owner_sees_a_reservation_and_lists_show_the_callers_own() {
        ScheduleOpened schedule = openSchedule(50);
        UUID owner = UUID.randomUUID();
        UUID stranger = UUID.randomUUID();
        String id = hold(owner, schedule.scheduleId(), seat(schedule, 3)).body().path("reservationId").asString();
        hold(owner, schedule.scheduleId(), seat(schedule, 4));
        hold(stranger, schedule.scheduleId(), seat(schedule, 5));

        Response mine = get("/api/v1/reservations/" + id, owner);
        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.body().path("status").asString()).isEqualTo("HELD");
        assertThat(mine.body().path("seatNumber").asInt()).isEqualTo(3);
        Response theirs = get("/api/v1/reservations/" + id, stranger);
        assertThat(theirs.status()).isEqualTo(404);
        assertThat(theirs.code()).isEqualTo("RESERVATION_NOT_FOUND");

        Response list = get("/api/v1/reservations", owner);
        assertThat(list.status()).isEqualTo(200);
        List<Integer> seatNumbers = new ArrayList<>();
        list.body().forEach(r -> seatNumbers.add(r.path("seatNumber").asInt()));
        assertThat(seatNumbers).containsExactlyInAnyOrder(3, 4);
    }

    @Test
    void the_internal_view_gives_payment_service_what_its_fallback_needs() {
        ScheduleOpened schedule = openSchedule(50);
        UUID user = UUID.randomUUID();
        Response held = hold(user, schedule.scheduleId(), seat(schedule, 40));
        String id = held.body().path("reservationId").asString();

        Response internal = get(port, "/internal/reservations/" + id, null);
        assertThat(internal.status()).isEqualTo(200);
        assertThat(internal.body().path("userId").asString()).isEqualTo(user.toString());
        assertThat(internal.body().path("scheduleId").asString()).isEqualTo(schedule.scheduleId().toString());
        assertThat(internal.body().path("seatId").asString()).isEqualTo(seat(schedule, 40).toString());
        assertThat(internal.body().path("seatNumber").asInt()).isEqualTo(40);
        assertThat(internal.body().path("price").asLong()).isEqualTo(80_000);
        assertThat(internal.body().path("status").asString()).isEqualTo("HELD");
        assertThat(internal.body().path("expiresAt").asString()).isEqualTo(held.body().path("expiresAt").asString());
        assertThat(get(port, "/internal/reservations/" + UUID.randomUUID(), null).status()).isEqualTo(404);
    }
}
