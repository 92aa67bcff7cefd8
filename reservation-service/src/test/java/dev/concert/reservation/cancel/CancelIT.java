package dev.concert.reservation.cancel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.concert.events.BookingCancelled;
import dev.concert.events.DomainEvent;
import dev.concert.events.EventCodec;
import dev.concert.events.ReleaseReason;
import dev.concert.events.ReservationConfirmed;
import dev.concert.events.ScheduleOpened;
import dev.concert.events.SeatHeld;
import dev.concert.events.SeatReleased;
import dev.concert.events.Topics;
import dev.concert.events.WalletDebited;
import dev.concert.reservation.ReservationIntegrationTest;
import dev.concert.reservation.expiry.ReleaseExpiredHolds;
import dev.concert.testing.KafkaProbe;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;

/** DELETE /api/v1/reservations/{id}: the owner gives a hold up or cancels a booking before the show (steps R, C). */
class CancelIT extends ReservationIntegrationTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    EventCodec codec;
    @Autowired
    ReleaseExpiredHolds expiry;

    private record Held(UUID reservationId, UUID userId, UUID seatId, UUID scheduleId, long price) {

        String path() {
            return "/api/v1/reservations/" + reservationId;
        }
    }

    private Held holdFor(UUID user, ScheduleOpened schedule, int index) {
        ScheduleOpened.CatalogSeat seat = schedule.seats().get(index);
        Response held = hold(user, schedule.scheduleId(), seat.seatId());
        assertThat(held.status()).as(held.body().toString()).isEqualTo(201);
        return new Held(UUID.fromString(held.body().path("reservationId").asString()), user, seat.seatId(),
                schedule.scheduleId(), seat.price());
    }

    /** Books the hold the way the saga does: the wallet's debit, heard on wallet.events. */
    private UUID book(Held held) {
        UUID paymentId = UUID.randomUUID();
        WalletDebited debit = new WalletDebited(paymentId, held.reservationId(), held.userId(), held.price(), 0);
        kafka.send(Topics.WALLET, debit.key(), codec.toJson(codec.wrap(debit))).join();
        await().atMost(WITHIN).until(() -> statusOf(held.reservationId()).equals("CONFIRMED"));
        return paymentId;
    }

    private String statusOf(UUID reservationId) {
        return jdbc.sql("SELECT status FROM reservation WHERE id = ?").param(reservationId.toString())
                .query(String.class).single();
    }

    private String seatStatus(UUID seatId) {
        return jdbc.sql("SELECT status FROM seat WHERE id = ?").param(seatId.toString()).query(String.class).single();
    }

    /** What the reservation's transactions wrote to the outbox, in commit order. */
    private List<DomainEvent> announced(UUID reservationId) {
        return jdbc.sql("SELECT envelope_json FROM outbox_event WHERE event_key = ? ORDER BY id")
                .param(reservationId.toString()).query(String.class).list().stream()
                .map(json -> codec.payloadOf(codec.fromJson(json)).orElseThrow()).toList();
    }

    private List<Class<?>> announcedTypes(UUID reservationId) {
        return announced(reservationId).stream().<Class<?>>map(Object::getClass).toList();
    }

    /** The hold's deadline and any payment grace passed: the expiry job may release it. */
    private void pastItsDeadline(UUID reservationId) {
        Timestamp past = Timestamp.from(Instant.now().minusSeconds(5));
        jdbc.sql("UPDATE reservation SET expires_at = ?, payment_pending_until = ? WHERE id = ?")
                .params(past, past, reservationId.toString()).update();
    }

    @Test
    void releasing_a_held_hold_puts_the_seat_back_on_sale_at_once_and_announces_SeatReleased_CANCELLED() {
        ScheduleOpened schedule = openSchedule(50);
        Held held = holdFor(UUID.randomUUID(), schedule, 4);

        try (KafkaProbe events = new KafkaProbe(Topics.RESERVATION)) {
            Response cancelled = delete(held.path(), held.userId());

            assertThat(cancelled.status()).as(cancelled.body().toString()).isEqualTo(200);
            assertThat(cancelled.body().path("status").asString()).isEqualTo("CANCELLED");
            assertThat(cancelled.body().path("cancelledAt").isNull()).isFalse();
            assertThat(cancelled.body().path("paymentId").isNull()).isTrue();
            assertThat(seatStatus(held.seatId())).isEqualTo("AVAILABLE");
            assertThat(hold(UUID.randomUUID(), held.scheduleId(), held.seatId()).status())
                    .as("another fan holds the seat at once").isEqualTo(201);
            assertThat(events.await(SeatReleased.class, e -> e.reservationId().equals(held.reservationId()), 1,
                    WITHIN)).singleElement().satisfies(e -> {
                        assertThat(e.reason()).isEqualTo(ReleaseReason.CANCELLED);
                        assertThat(e.userId()).isEqualTo(held.userId());
                        assertThat(e.seatId()).isEqualTo(held.seatId());
                        assertThat(e.openHolds()).isZero();
                    });
        }
        assertThat(announcedTypes(held.reservationId())).containsExactly(SeatHeld.class, SeatReleased.class);
        assertThat(get(held.path(), held.userId()).body().path("status").asString()).isEqualTo("CANCELLED");
    }

    @Test
    void a_booking_cancelled_before_the_show_puts_the_seat_back_on_sale_and_announces_BookingCancelled() {
        ScheduleOpened schedule = openSchedule(50);
        Held held = holdFor(UUID.randomUUID(), schedule, 0);
        UUID paymentId = book(held);

        try (KafkaProbe events = new KafkaProbe(Topics.RESERVATION)) {
            Response cancelled = delete(held.path(), held.userId());

            assertThat(cancelled.status()).as(cancelled.body().toString()).isEqualTo(200);
            assertThat(cancelled.body().path("status").asString()).isEqualTo("CANCELLED");
            assertThat(cancelled.body().path("paymentId").asString()).isEqualTo(paymentId.toString());
            assertThat(cancelled.body().path("confirmedAt").isNull()).isFalse();
            assertThat(seatStatus(held.seatId())).isEqualTo("AVAILABLE");
            assertThat(events.await(BookingCancelled.class, e -> e.reservationId().equals(held.reservationId()), 1,
                    WITHIN)).singleElement().isEqualTo(new BookingCancelled(held.reservationId(), paymentId,
                    held.scheduleId(), held.seatId(), held.userId(), held.price()));
            assertThat(events.await(SeatReleased.class, e -> e.reservationId().equals(held.reservationId()), 1,
                    WITHIN)).singleElement().satisfies(e -> assertThat(e.reason()).isEqualTo(ReleaseReason.CANCELLED));
        }
        assertThat(announcedTypes(held.reservationId())).containsExactly(SeatHeld.class, ReservationConfirmed.class,
                BookingCancelled.class, SeatReleased.class);
        Response map = seatMap(held.scheduleId(), held.userId());
        assertThat(map.body().path("seats").get(0).path("status").asString()).isEqualTo("AVAILABLE");
        assertThat(hold(UUID.randomUUID(), held.scheduleId(), held.seatId()).status())
                .as("the seat is on sale again").isEqualTo(201);
    }

    @Test
    void a_booking_whose_show_has_started_is_refused_409_CONCERT_STARTED_and_stays_booked() {
        ScheduleOpened schedule = openSchedule(50);
        Held held = holdFor(UUID.randomUUID(), schedule, 1);
        book(held);
        jdbc.sql("UPDATE schedule SET starts_at = ? WHERE id = ?")
                .params(Timestamp.from(Instant.now().minusSeconds(60)), held.scheduleId().toString()).update();

        Response refused = delete(held.path(), held.userId());

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.code()).isEqualTo("CONCERT_STARTED");
        assertThat(statusOf(held.reservationId())).isEqualTo("CONFIRMED");
        assertThat(seatStatus(held.seatId())).isEqualTo("BOOKED");
        assertThat(announcedTypes(held.reservationId())).containsExactly(SeatHeld.class, ReservationConfirmed.class);
    }

    @Test
    void another_users_reservation_answers_404_as_get_does_and_stays_as_it_is() {
        ScheduleOpened schedule = openSchedule(50);
        Held held = holdFor(UUID.randomUUID(), schedule, 2);
        UUID stranger = UUID.randomUUID();

        Response refused = delete(held.path(), stranger);

        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.code()).isEqualTo("RESERVATION_NOT_FOUND").isEqualTo(get(held.path(), stranger).code());
        assertThat(delete("/api/v1/reservations/" + UUID.randomUUID(), held.userId()).code())
                .isEqualTo("RESERVATION_NOT_FOUND");
        assertThat(statusOf(held.reservationId())).isEqualTo("HELD");
        assertThat(seatStatus(held.seatId())).isEqualTo("HELD");
        Response anonymous = delete(held.path(), null);
        assertThat(anonymous.status()).as("no caller").isEqualTo(401);
        assertThat(anonymous.code()).isEqualTo("ACCESS_TOKEN_MISSING");
        assertThat(statusOf(held.reservationId())).isEqualTo("HELD");
    }

    @Test
    void cancelling_a_cancelled_reservation_again_answers_200_and_announces_nothing_more() {
        ScheduleOpened schedule = openSchedule(50);
        Held held = holdFor(UUID.randomUUID(), schedule, 3);

        Response first = delete(held.path(), held.userId());
        Response second = delete(held.path(), held.userId());

        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(announcedTypes(held.reservationId())).containsExactly(SeatHeld.class, SeatReleased.class);
    }

    @Test
    void an_expired_hold_is_refused_409_RESERVATION_EXPIRED() {
        ScheduleOpened schedule = openSchedule(50);
        Held held = holdFor(UUID.randomUUID(), schedule, 5);
        pastItsDeadline(held.reservationId());
        expiry.releaseExpired();
        await().atMost(WITHIN).until(() -> statusOf(held.reservationId()).equals("EXPIRED"));

        Response refused = delete(held.path(), held.userId());

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.code()).isEqualTo("RESERVATION_EXPIRED");
        assertThat(announcedTypes(held.reservationId())).containsExactly(SeatHeld.class, SeatReleased.class);
    }

    @Test
    void concurrent_cancels_of_one_booking_make_one_transition_and_announce_each_event_once() throws Exception {
        ScheduleOpened schedule = openSchedule(50);
        Held held = holdFor(UUID.randomUUID(), schedule, 6);
        book(held);

        CountDownLatch go = new CountDownLatch(1);
        List<Future<Response>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return delete(held.path(), held.userId());
                }));
            }
            go.countDown();
            for (Future<Response> answer : answers) {
                assertThat(answer.get().status()).as(answer.get().body().toString()).isEqualTo(200);
                assertThat(answer.get().body().path("status").asString()).isEqualTo("CANCELLED");
            }
        }

        assertThat(announcedTypes(held.reservationId())).containsExactly(SeatHeld.class, ReservationConfirmed.class,
                BookingCancelled.class, SeatReleased.class);
        assertThat(seatStatus(held.seatId())).isEqualTo("AVAILABLE");
    }

    @Test
    void a_cancel_racing_the_expiry_job_releases_each_hold_exactly_once() throws Exception {
        ScheduleOpened schedule = openSchedule(50);
        List<Held> holds = new ArrayList<>();
        for (int i = 10; i < 22; i++) {
            holds.add(holdFor(UUID.randomUUID(), schedule, i));
        }

        CountDownLatch go = new CountDownLatch(1);
        List<Future<Response>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 4; i++) {
                pool.submit(() -> {
                    go.await();
                    return expiry.releaseExpired();
                });
            }
            for (Held held : holds) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return delete(held.path(), held.userId());
                }));
            }
            holds.forEach(held -> pastItsDeadline(held.reservationId()));
            go.countDown();
        }

        for (int i = 0; i < holds.size(); i++) {
            Held held = holds.get(i);
            Response answer = answers.get(i).get();
            String status = statusOf(held.reservationId());
            if (status.equals("CANCELLED")) {
                assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
            } else {
                assertThat(status).isEqualTo("EXPIRED");
                assertThat(answer.status()).isEqualTo(409);
                assertThat(answer.code()).isEqualTo("RESERVATION_EXPIRED");
            }
            assertThat(announcedTypes(held.reservationId())).as("events of %s (%s)", held.reservationId(), status)
                    .containsExactly(SeatHeld.class, SeatReleased.class);
            assertThat(seatStatus(held.seatId())).isEqualTo("AVAILABLE");
        }
    }
}
