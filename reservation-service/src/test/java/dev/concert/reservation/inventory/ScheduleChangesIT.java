package dev.concert.reservation.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.concert.events.BookingCancelled;
import dev.concert.events.DomainEvent;
import dev.concert.events.EventCodec;
import dev.concert.events.ReleaseReason;
import dev.concert.events.ScheduleCancelled;
import dev.concert.events.ScheduleChanged;
import dev.concert.events.ScheduleOpened;
import dev.concert.events.ScheduleSaleClosed;
import dev.concert.events.ScheduleSaleReopened;
import dev.concert.events.SeatReleased;
import dev.concert.events.Topics;
import dev.concert.events.WalletDebited;
import dev.concert.reservation.ReservationIntegrationTest;
import dev.concert.testing.KafkaProbe;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;

/** The schedule follows the operator's changes heard on concert.events (docs/saga.md, steps S). */
class ScheduleChangesIT extends ReservationIntegrationTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    EventCodec codec;

    private void publish(DomainEvent event) {
        String topic = Topics.CONCERT;
        if (event instanceof WalletDebited) {
            topic = Topics.WALLET;
        }
        kafka.send(topic, event.key(), codec.toJson(codec.wrap(event))).join();
    }

    private String saleStatus(UUID scheduleId) {
        return jdbc.sql("SELECT sale_status FROM schedule WHERE id = ?").param(scheduleId.toString())
                .query(String.class).single();
    }

    private String status(String table, UUID id) {
        return jdbc.sql("SELECT status FROM " + table + " WHERE id = ?").param(id.toString()).query(String.class)
                .single();
    }

    private UUID holdOf(UUID user, ScheduleOpened schedule, int index) {
        Response held = hold(user, schedule.scheduleId(), schedule.seats().get(index).seatId());
        assertThat(held.status()).as(held.body().toString()).isEqualTo(201);
        return UUID.fromString(held.body().path("reservationId").asString());
    }

    @Test
    void cancelling_a_date_ends_its_holds_and_cancels_its_bookings_for_a_refund_and_refuses_new_holds() {
        ScheduleOpened schedule = openSchedule(4);
        UUID holder = UUID.randomUUID();
        UUID fan = UUID.randomUUID();
        UUID held = holdOf(holder, schedule, 0);
        UUID booked = holdOf(fan, schedule, 1);
        UUID payment = UUID.randomUUID();
        publish(new WalletDebited(payment, booked, fan, schedule.seats().get(1).price(), 0));
        await().atMost(WITHIN).until(() -> status("reservation", booked).equals("CONFIRMED"));

        try (KafkaProbe events = new KafkaProbe(Topics.RESERVATION)) {
            publish(new ScheduleCancelled(schedule.scheduleId(), schedule.concertId()));

            assertThat(events.await(BookingCancelled.class, e -> e.reservationId().equals(booked), 1, WITHIN))
                    .singleElement().isEqualTo(new BookingCancelled(booked, payment, schedule.scheduleId(),
                            schedule.seats().get(1).seatId(), fan, schedule.seats().get(1).price(),
                            ReleaseReason.SCHEDULE_CANCELLED));
            assertThat(events.await(SeatReleased.class, e -> e.scheduleId().equals(schedule.scheduleId()), 2,
                    WITHIN)).extracting(SeatReleased::reservationId, SeatReleased::reason, SeatReleased::openHolds)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(held, ReleaseReason.SCHEDULE_CANCELLED, 0),
                            org.assertj.core.groups.Tuple.tuple(booked, ReleaseReason.SCHEDULE_CANCELLED, 0));
        }
        assertThat(saleStatus(schedule.scheduleId())).isEqualTo("CANCELLED");
        assertThat(List.of(status("reservation", held), status("reservation", booked)))
                .containsOnly("CANCELLED");
        assertThat(count("SELECT COUNT(*) FROM seat WHERE schedule_id = ? AND status = 'AVAILABLE'"
                + " AND reservation_id IS NULL", schedule.scheduleId().toString())).isEqualTo(4);

        Response refused = hold(UUID.randomUUID(), schedule.scheduleId(), schedule.seats().get(2).seatId());
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.code()).isEqualTo("SALE_CLOSED");
        assertThat(count("SELECT COUNT(*) FROM reservation WHERE schedule_id = ?", schedule.scheduleId().toString()))
                .isEqualTo(2);

        // the booking's owner finds it cancelled; cancelling it again is the usual harmless 200
        Response mine = delete("/api/v1/reservations/" + booked, fan);
        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.body().path("status").asString()).isEqualTo("CANCELLED");

        // a second cancellation (an operator's retry is a new event) finds nothing left to end
        long before = count("SELECT COUNT(*) FROM outbox_event WHERE event_key IN (?, ?)", held.toString(),
                booked.toString());
        publish(new ScheduleCancelled(schedule.scheduleId(), schedule.concertId()));
        publish(new ScheduleSaleReopened(schedule.scheduleId(), schedule.concertId()));
        await().during(Duration.ofSeconds(2)).atMost(WITHIN).until(() -> saleStatus(schedule.scheduleId())
                .equals("CANCELLED"));
        assertThat(count("SELECT COUNT(*) FROM outbox_event WHERE event_key IN (?, ?)", held.toString(),
                booked.toString())).isEqualTo(before);
    }

    @Test
    void holds_on_a_closed_date_are_refused_until_it_is_reopened_and_nothing_is_written_meanwhile() {
        ScheduleOpened schedule = openSchedule(2);
        UUID fan = UUID.randomUUID();
        UUID kept = holdOf(fan, schedule, 0);

        publish(new ScheduleSaleClosed(schedule.scheduleId(), schedule.concertId()));
        await().atMost(WITHIN).until(() -> saleStatus(schedule.scheduleId()).equals("SALE_CLOSED"));

        Response refused = hold(UUID.randomUUID(), schedule.scheduleId(), schedule.seats().get(1).seatId());
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.code()).isEqualTo("SALE_CLOSED");
        assertThat(status("seat", schedule.seats().get(1).seatId())).isEqualTo("AVAILABLE");
        assertThat(status("reservation", kept)).as("holds taken before stay").isEqualTo("HELD");

        publish(new ScheduleSaleReopened(schedule.scheduleId(), schedule.concertId()));
        await().atMost(WITHIN).until(() -> saleStatus(schedule.scheduleId()).equals("ON_SALE"));
        holdOf(UUID.randomUUID(), schedule, 1);
    }

    @Test
    void holds_go_by_the_sale_window_as_the_operator_moved_it() {
        ScheduleOpened schedule = openSchedule(1);
        Instant startsAt = schedule.startsAt().truncatedTo(ChronoUnit.SECONDS);
        Instant opensLater = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);

        publish(new ScheduleChanged(schedule.scheduleId(), schedule.concertId(), startsAt.plusSeconds(3600),
                opensLater, startsAt));
        await().atMost(WITHIN).until(() -> jdbc.sql("SELECT sale_opens_at FROM schedule WHERE id = ?")
                .param(schedule.scheduleId().toString()).query(java.sql.Timestamp.class).single().toInstant()
                .equals(opensLater));

        Response refused = hold(UUID.randomUUID(), schedule.scheduleId(), schedule.seats().get(0).seatId());
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.code()).isEqualTo("SALE_CLOSED");
        assertThat(count("SELECT COUNT(*) FROM schedule WHERE id = ? AND starts_at = ?",
                schedule.scheduleId().toString(), java.sql.Timestamp.from(startsAt.plusSeconds(3600)))).isEqualTo(1);
    }

    @Test
    void a_hold_racing_the_cancellation_either_ends_with_the_date_or_is_refused() throws Exception {
        ScheduleOpened schedule = openSchedule(16);
        ExecutorService pool = Executors.newFixedThreadPool(9);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> holds = new ArrayList<>();
            for (ScheduleOpened.CatalogSeat seat : schedule.seats()) {
                holds.add(pool.submit(() -> {
                    start.await();
                    return hold(UUID.randomUUID(), schedule.scheduleId(), seat.seatId()).status();
                }));
            }
            Future<?> cancel = pool.submit(() -> {
                start.await();
                tx.executeWithoutResult(status -> inventory.cancel(new ScheduleCancelled(schedule.scheduleId(),
                        schedule.concertId())));
                return null;
            });
            start.countDown();
            cancel.get(30, TimeUnit.SECONDS);
            for (Future<Integer> hold : holds) {
                assertThat(hold.get(30, TimeUnit.SECONDS)).isIn(201, 409);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(count("SELECT COUNT(*) FROM reservation WHERE schedule_id = ? AND status IN ('HELD', 'CONFIRMED')",
                schedule.scheduleId().toString())).as("no hold outlives its date").isZero();
        assertThat(count("SELECT COUNT(*) FROM seat WHERE schedule_id = ? AND status = 'AVAILABLE'",
                schedule.scheduleId().toString())).isEqualTo(16);
    }
}
