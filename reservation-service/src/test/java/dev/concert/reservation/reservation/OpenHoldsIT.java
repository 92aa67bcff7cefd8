package dev.concert.reservation.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import dev.concert.events.DomainEvent;
import dev.concert.events.EventCodec;
import dev.concert.events.ReservationConfirmed;
import dev.concert.events.ScheduleOpened;
import dev.concert.events.SeatReleased;
import dev.concert.events.Topics;
import dev.concert.events.WalletDebited;
import dev.concert.reservation.ReservationIntegrationTest;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Every event that ends one of a user's holds (a booking, a release by the owner, an expiry) says how many of the
 * user's holds are still open after it, with a version that grows per user in the order of the changes: what
 * queue-service needs to end the user's visit after their last hold, whatever order it hears the events in.
 */
class OpenHoldsIT extends ReservationIntegrationTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    EventCodec codec;

    /** A point in the user's count of open holds, as an event announced it. */
    private record Count(UUID reservationId, String type, int openHolds, long version) {
    }

    private UUID holdFor(UUID user, ScheduleOpened schedule, int index) {
        Response held = hold(user, schedule.scheduleId(), schedule.seats().get(index).seatId());
        assertThat(held.status()).as(held.body().toString()).isEqualTo(201);
        return UUID.fromString(held.body().path("reservationId").asString());
    }

    private String statusOf(UUID reservationId) {
        return jdbc.sql("SELECT status FROM reservation WHERE id = ?").param(reservationId.toString())
                .query(String.class).single();
    }

    /** The counts the events of these reservations (all of one user) announced, in the order of their versions. */
    private List<Count> countsOf(List<UUID> reservations) {
        return jdbc.sql("SELECT envelope_json FROM outbox_event WHERE event_type IN ('ReservationConfirmed',"
                        + " 'SeatReleased') AND event_key IN (:keys)")
                .param("keys", reservations.stream().map(UUID::toString).toList()).query(String.class).list().stream()
                .map(json -> codec.payloadOf(codec.fromJson(json)).orElseThrow())
                .map(OpenHoldsIT::count)
                .sorted(Comparator.comparingLong(Count::version)).toList();
    }

    private static Count count(DomainEvent event) {
        return switch (event) {
            case ReservationConfirmed c -> new Count(c.reservationId(), "confirmed", c.openHolds(),
                    c.openHoldsVersion());
            case SeatReleased r -> new Count(r.reservationId(), "released " + r.reason(), r.openHolds(),
                    r.openHoldsVersion());
            default -> throw new AssertionError(event);
        };
    }

    @Test
    void a_booking_a_release_and_an_expiry_count_the_users_open_holds_down_to_zero_in_version_order() {
        ScheduleOpened schedule = openSchedule(50);
        UUID user = UUID.randomUUID();
        UUID paid = holdFor(user, schedule, 0);
        UUID released = holdFor(user, schedule, 1);
        UUID expired = holdFor(user, schedule, 2);

        WalletDebited debit = new WalletDebited(UUID.randomUUID(), paid, user, 150_000, 0);
        kafka.send(Topics.WALLET, debit.key(), codec.toJson(codec.wrap(debit))).join();
        await().atMost(WITHIN).until(() -> statusOf(paid).equals("CONFIRMED"));
        assertThat(delete("/api/v1/reservations/" + released, user).status()).isEqualTo(200);
        Timestamp past = Timestamp.from(Instant.now().minusSeconds(5));
        jdbc.sql("UPDATE reservation SET expires_at = ?, payment_pending_until = ? WHERE id = ?")
                .params(past, past, expired.toString()).update();
        await().atMost(WITHIN).until(() -> statusOf(expired).equals("EXPIRED"));

        List<Count> counts = countsOf(List.of(paid, released, expired));
        assertThat(counts).extracting(Count::reservationId).containsExactly(paid, released, expired);
        assertThat(counts).extracting(Count::type)
                .containsExactly("confirmed", "released CANCELLED", "released HOLD_EXPIRED");
        assertThat(counts).extracting(Count::openHolds).containsExactly(2, 1, 0);
        assertThat(counts).extracting(Count::version).doesNotHaveDuplicates();
    }

    @Test
    void holds_of_one_user_released_by_one_expiry_batch_count_down_one_by_one() {
        ScheduleOpened schedule = openSchedule(50);
        UUID user = UUID.randomUUID();
        List<UUID> holds = List.of(holdFor(user, schedule, 3), holdFor(user, schedule, 4), holdFor(user, schedule, 5));
        Timestamp past = Timestamp.from(Instant.now().minusSeconds(5));
        jdbc.sql("UPDATE reservation SET expires_at = ?, payment_pending_until = ? WHERE user_id = ?")
                .params(past, past, user.toString()).update();

        await().atMost(WITHIN).until(() -> holds.stream().allMatch(id -> statusOf(id).equals("EXPIRED")));

        assertThat(countsOf(holds)).extracting(Count::openHolds).containsExactly(2, 1, 0);
        assertThat(countsOf(holds)).extracting(Count::version).doesNotHaveDuplicates();
    }

    @Test
    void a_hold_taken_after_a_booking_is_counted_by_the_next_event() {
        ScheduleOpened schedule = openSchedule(50);
        UUID user = UUID.randomUUID();
        UUID first = holdFor(user, schedule, 6);
        WalletDebited debit = new WalletDebited(UUID.randomUUID(), first, user, 150_000, 0);
        kafka.send(Topics.WALLET, debit.key(), codec.toJson(codec.wrap(debit))).join();
        await().atMost(WITHIN).until(() -> statusOf(first).equals("CONFIRMED"));
        UUID second = holdFor(user, schedule, 7);
        UUID third = holdFor(user, schedule, 8);

        assertThat(delete("/api/v1/reservations/" + second, user).status()).isEqualTo(200);
        assertThat(delete("/api/v1/reservations/" + third, user).status()).isEqualTo(200);

        assertThat(countsOf(List.of(first, second, third))).extracting(Count::openHolds).containsExactly(0, 1, 0);
    }

    @Test
    void concurrent_ends_of_one_users_holds_are_counted_one_after_the_other() throws Exception {
        ScheduleOpened schedule = openSchedule(50);
        UUID user = UUID.randomUUID();
        List<UUID> holds = List.of(holdFor(user, schedule, 10), holdFor(user, schedule, 11),
                holdFor(user, schedule, 12), holdFor(user, schedule, 13));

        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(holds.size())) {
            List<java.util.concurrent.Future<Response>> answers = holds.stream().map(id -> pool.submit(() -> {
                go.await();
                return delete("/api/v1/reservations/" + id, user);
            })).toList();
            go.countDown();
            for (var answer : answers) {
                assertThat(answer.get().status()).isEqualTo(200);
            }
        }

        assertThat(countsOf(holds)).extracting(Count::openHolds).containsExactly(3, 2, 1, 0);
        assertThat(countsOf(holds)).extracting(Count::version).doesNotHaveDuplicates();
    }
}
