package dev.concert.reservation.expiry;

import dev.concert.events.ConfirmationFailure;
import dev.concert.events.ReleaseReason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.concert.events.EventCodec;
import dev.concert.events.ReservationConfirmationFailed;
import dev.concert.events.ReservationConfirmed;
import dev.concert.events.ScheduleOpened;
import dev.concert.events.SeatReleased;
import dev.concert.events.Topics;
import dev.concert.events.WalletDebited;
import dev.concert.testing.KafkaProbe;
import dev.concert.reservation.ReservationIntegrationTest;
import dev.concert.reservation.reservation.Reservations;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.TestPropertySource;

/** With a two-second hold, so that expiry happens within the test. */
@TestPropertySource(properties = {"reservation.hold.duration=2s", "reservation.hold.payment-grace=4s"})
class HoldExpiryIT extends ReservationIntegrationTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    EventCodec codec;
    @Autowired
    ReleaseExpiredHolds expiry;
    @Autowired
    Reservations reservations;

    private String statusOf(UUID reservationId) {
        return jdbc.sql("SELECT status FROM reservation WHERE id = ?").param(reservationId.toString())
                .query(String.class).single();
    }

    private UUID holdFor(UUID user, ScheduleOpened schedule, int index) {
        Response held = hold(user, schedule.scheduleId(), schedule.seats().get(index).seatId());
        assertThat(held.status()).isEqualTo(201);
        return UUID.fromString(held.body().path("reservationId").asString());
    }

    @Test
    void an_unpaid_hold_is_released_after_the_hold_time_and_the_seat_can_be_held_again() {
        ScheduleOpened schedule = openSchedule(50);
        UUID user = UUID.randomUUID();
        UUID seatId = schedule.seats().get(0).seatId();
        try (KafkaProbe events = new KafkaProbe(Topics.RESERVATION)) {
            UUID reservationId = holdFor(user, schedule, 0);

            List<SeatReleased> released = events.await(SeatReleased.class,
                    e -> e.reservationId().equals(reservationId), 1, WITHIN);
            assertThat(released).singleElement().satisfies(e -> {
                assertThat(e.seatId()).isEqualTo(seatId);
                assertThat(e.userId()).isEqualTo(user);
                assertThat(e.reason()).isEqualTo(ReleaseReason.HOLD_EXPIRED);
            });
            assertThat(statusOf(reservationId)).isEqualTo("EXPIRED");
            assertThat(get("/api/v1/reservations/" + reservationId, user).body().path("status").asString())
                    .isEqualTo("EXPIRED");
        }
        assertThat(jdbc.sql("SELECT status FROM seat WHERE id = ?").param(seatId.toString()).query(String.class)
                .single()).isEqualTo("AVAILABLE");
        assertThat(hold(UUID.randomUUID(), schedule.scheduleId(), seatId).status()).isEqualTo(201);
    }

    @Test
    void a_debit_that_arrives_after_the_hold_expired_is_refused_with_HOLD_EXPIRED() {
        ScheduleOpened schedule = openSchedule(50);
        UUID user = UUID.randomUUID();
        UUID reservationId = holdFor(user, schedule, 1);
        await().atMost(WITHIN).until(() -> statusOf(reservationId).equals("EXPIRED"));

        try (KafkaProbe events = new KafkaProbe(Topics.RESERVATION)) {
            UUID paymentId = UUID.randomUUID();
            WalletDebited late = new WalletDebited(paymentId, reservationId, user, 110_000, 0);
            kafka.send(Topics.WALLET, late.key(), codec.toJson(codec.wrap(late))).join();

            assertThat(events.await(ReservationConfirmationFailed.class, e -> e.reservationId().equals(reservationId),
                    1, WITHIN)).singleElement().satisfies(e -> {
                        assertThat(e.reason()).isEqualTo(ConfirmationFailure.HOLD_EXPIRED);
                        assertThat(e.paymentId()).isEqualTo(paymentId);
                        assertThat(e.amount()).isEqualTo(110_000);
                    });
        }
        assertThat(statusOf(reservationId)).isEqualTo("EXPIRED");
        assertThat(jdbc.sql("SELECT status FROM seat WHERE id = ?").param(schedule.seats().get(1).seatId().toString())
                .query(String.class).single()).isEqualTo("AVAILABLE");
    }

    @Test
    void a_debit_heard_after_the_deadline_but_within_the_grace_confirms_the_hold() throws Exception {
        ScheduleOpened schedule = openSchedule(50);
        UUID user = UUID.randomUUID();
        UUID reservationId = holdFor(user, schedule, 2);
        UUID paymentId = UUID.randomUUID();

        // past the 2 s deadline (payments are no longer accepted) and several expiry runs, inside the 4 s grace: a
        // payment accepted before the deadline whose debit is heard late still books the seat
        Thread.sleep(2_500);
        assertThat(statusOf(reservationId)).isEqualTo("HELD");

        try (KafkaProbe events = new KafkaProbe(Topics.RESERVATION)) {
            WalletDebited debit = new WalletDebited(paymentId, reservationId, user, 150_000, 0);
            kafka.send(Topics.WALLET, debit.key(), codec.toJson(codec.wrap(debit))).join();
            assertThat(events.await(ReservationConfirmed.class, e -> e.reservationId().equals(reservationId), 1,
                    WITHIN)).hasSize(1);
        }
        assertThat(statusOf(reservationId)).isEqualTo("CONFIRMED");
    }

    @Test
    void expiry_run_by_many_instances_at_once_releases_each_hold_exactly_once() throws Exception {
        ScheduleOpened schedule = openSchedule(50);
        List<UUID> reservations = new ArrayList<>();
        for (int i = 10; i < 40; i++) {
            reservations.add(holdFor(UUID.randomUUID(), schedule, i));
        }
        Instant due = jdbc.sql("SELECT MAX(payment_pending_until) FROM reservation WHERE schedule_id = ?")
                .param(schedule.scheduleId().toString()).query(java.sql.Timestamp.class).single().toInstant();
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), due).toMillis() + 5));

        // eight callers here race the scheduled job of every running context
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                pool.submit(() -> {
                    go.await();
                    return expiry.releaseExpired();
                });
            }
            go.countDown();
        }
        await().atMost(WITHIN).until(() -> count(
                "SELECT COUNT(*) FROM reservation WHERE schedule_id = ? AND status = 'EXPIRED'",
                schedule.scheduleId().toString()) == 30);

        for (UUID reservationId : reservations) {
            assertThat(count("SELECT COUNT(*) FROM outbox_event WHERE event_key = ? AND event_type = 'SeatReleased'",
                    reservationId.toString())).as("SeatReleased of %s", reservationId).isOne();
        }
        assertThat(count("SELECT COUNT(*) FROM seat WHERE schedule_id = ? AND status = 'AVAILABLE'",
                schedule.scheduleId().toString())).isEqualTo(50);
    }

    @Test
    void a_hold_whose_seat_is_not_its_own_ends_without_touching_that_seat_and_does_not_block_other_releases() {
        ScheduleOpened schedule = openSchedule(50);
        UUID corrupt = holdFor(UUID.randomUUID(), schedule, 45);
        UUID healthy = holdFor(UUID.randomUUID(), schedule, 46);
        String intruder = UUID.randomUUID().toString();
        String corruptSeat = schedule.seats().get(45).seatId().toString();
        jdbc.sql("UPDATE seat SET reservation_id = ? WHERE id = ?").params(intruder, corruptSeat).update();

        await().atMost(WITHIN).until(() -> statusOf(corrupt).equals("EXPIRED") && statusOf(healthy).equals("EXPIRED"));
        assertThat(count("SELECT COUNT(*) FROM seat WHERE id = ? AND status = 'HELD' AND reservation_id = ?",
                corruptSeat, intruder)).isOne();
        assertThat(count("SELECT COUNT(*) FROM seat WHERE id = ? AND status = 'AVAILABLE'",
                schedule.seats().get(46).seatId().toString())).isOne();
        assertThat(count("SELECT COUNT(*) FROM outbox_event WHERE event_key = ? AND event_type = 'SeatReleased'",
                corrupt.toString())).isZero();
    }
}
