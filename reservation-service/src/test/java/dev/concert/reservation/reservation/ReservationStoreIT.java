package dev.concert.reservation.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.concert.reservation.ReservationIntegrationTest;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Limit;

/**
 * The statements of the hot paths say what the aggregate says: the queries that select by "the hold is live" and
 * "past every deadline" agree with {@link Reservation#isLiveHold} on every combination of state and deadlines, and
 * the seat's conditional update takes a seat exactly from the states {@link SeatStatus} allows. Change one side only
 * and these fail.
 */
class ReservationStoreIT extends ReservationIntegrationTest {

    @Autowired
    ReservationStore reservations;
    @Autowired
    HoldStore holds;

    private record Row(UUID id, UUID user) {
    }

    @Test
    void the_live_and_expired_hold_queries_agree_with_the_aggregate_on_every_state_and_deadline() {
        // a day ahead: the running expiry job (real clock) never finds these holds due, so it cannot change them
        Instant now = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        List<Instant> deadlines = List.of(now.minusSeconds(10), now, now.plusSeconds(10));
        List<Instant> graces = Arrays.asList(null, now.minusSeconds(10), now, now.plusSeconds(10));
        List<Row> rows = new ArrayList<>();
        for (ReservationStatus status : ReservationStatus.values()) {
            for (Instant expiresAt : deadlines) {
                for (Instant grace : graces) {
                    rows.add(insert(status, expiresAt, grace));
                }
            }
        }

        Set<UUID> expiredByQuery = new HashSet<>();
        tx.executeWithoutResult(s -> reservations.lockExpired(ReservationStatus.HELD, now, Limit.of(100_000))
                .forEach(r -> expiredByQuery.add(r.id())));
        for (Row row : rows) {
            Reservation r = reservations.findById(row.id()).orElseThrow();
            int liveByQuery = holds.countLiveHolds(row.user(), now);
            assertThat(liveByQuery == 1).as("live: %s expires %s grace %s", r.status(), r.expiresAt(),
                    r.paymentPendingUntil()).isEqualTo(r.isLiveHold(now));
            assertThat(expiredByQuery.contains(row.id())).as("expired: %s expires %s grace %s", r.status(),
                    r.expiresAt(), r.paymentPendingUntil()).isEqualTo(r.isExpiredHold(now));
        }
    }

    @Test
    void the_expiry_batch_skips_a_hold_another_transaction_has_locked_instead_of_waiting_for_it() throws Exception {
        Instant now = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Row locked = insert(ReservationStatus.HELD, now.minusSeconds(10), null);
        Row free = insert(ReservationStatus.HELD, now.minusSeconds(10), null);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread other = Thread.ofPlatform().start(() -> tx.executeWithoutResult(s -> {
            jdbc.sql("SELECT id FROM reservation WHERE id = ? FOR UPDATE").param(locked.id().toString())
                    .query(String.class).single();
            holding.countDown();
            try {
                done.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

        long started = System.nanoTime();
        Set<UUID> batch = new HashSet<>();
        tx.executeWithoutResult(s -> reservations.lockExpired(ReservationStatus.HELD, now, Limit.of(100_000))
                .forEach(r -> batch.add(r.id())));
        long millis = (System.nanoTime() - started) / 1_000_000;
        done.countDown();
        other.join();

        assertThat(batch).contains(free.id()).doesNotContain(locked.id());
        assertThat(millis).as("waited for the locked row").isLessThan(3_000);
    }

    @Test
    void a_seat_is_taken_exactly_from_the_states_a_seat_may_become_held_from() {
        for (SeatStatus from : SeatStatus.values()) {
            UUID seat = UUID.randomUUID();
            jdbc.sql("INSERT INTO seat (id, schedule_id, seat_number, grade, price, status, reservation_id) "
                            + "VALUES (?, ?, 1, 'S', 80000, ?, ?)")
                    .params(seat.toString(), UUID.randomUUID().toString(), from.name(),
                            from == SeatStatus.AVAILABLE ? null : UUID.randomUUID().toString())
                    .update();
            UUID reservation = UUID.randomUUID();

            Boolean taken = tx.execute(s -> holds.takeSeat(seat, reservation));

            assertThat(taken).as("a %s seat taken", from).isEqualTo(from.canBecome(SeatStatus.HELD));
        }
    }

    private Row insert(ReservationStatus status, Instant expiresAt, Instant grace) {
        UUID id = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO reservation (id, user_id, schedule_id, seat_id, seat_number, price, status,
                                                 created_at, expires_at, payment_pending_until)
                        VALUES (?, ?, ?, ?, 1, 80000, ?, ?, ?, ?)""")
                .params(id.toString(), user.toString(), UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                        status.name(), Timestamp.from(expiresAt.minusSeconds(300)), Timestamp.from(expiresAt),
                        grace == null ? null : Timestamp.from(grace))
                .update();
        return new Row(id, user);
    }
}
