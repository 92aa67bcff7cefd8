package dev.concert.reservation.reservation;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.concert.events.SaleWindow;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The hold's hot path as plain statements: a thousand users race for fifty seats here, and going through the ORM
 * cost a third of the throughput (docs/benchmarks.md). Each statement is built from the aggregate's definition, not
 * written beside it: the seat's conditional update takes its from-states from {@link SeatStatus#allowedFrom()}, and
 * the live-hold count uses {@link Reservation#LIVE_HOLD_SQL}, which {@code ReservationStoreIT} runs against
 * {@link Reservation#isLiveHold} on every state and deadline.
 */
@Repository
class HoldStore {

    private static final String TAKE_SEAT = "UPDATE seat SET status = '" + SeatStatus.HELD.name()
            + "', reservation_id = :reservation WHERE id = :seat AND status IN ("
            + SeatStatus.HELD.allowedFrom().stream().map(s -> "'" + s.name() + "'").collect(Collectors.joining(", "))
            + ")";

    private final JdbcClient jdbc;

    HoldStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The seat and its state with its schedule's sale window and sale status, in one read. */
    Optional<SeatForSale> seatForSale(UUID seatId, Instant now) {
        return jdbc.sql("""
                        SELECT s.id, s.schedule_id, s.seat_number, s.price, sc.starts_at, sc.sale_opens_at,
                               sc.sale_closes_at, sc.sale_status, s.status
                        FROM seat s JOIN schedule sc ON sc.id = s.schedule_id WHERE s.id = :id""")
                .param("id", seatId.toString())
                .query((rs, n) -> new SeatForSale(UUID.fromString(rs.getString(1)), UUID.fromString(rs.getString(2)),
                        rs.getInt(3), rs.getLong(4), SaleStatus.ON_SALE.name().equals(rs.getString(8))
                        && new SaleWindow(rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant(),
                        rs.getTimestamp(7).toInstant()).isBookableAt(now), SeatStatus.valueOf(rs.getString(9))))
                .optional();
    }

    /**
     * The schedule's sale status, read with a shared lock held until the transaction ends. Holds share it, so they
     * never wait for each other; an operator's close or cancellation takes the row exclusively
     * ({@link SaleScheduleStore#lockById}), so a hold either commits before it (and is then cancelled with the
     * date) or reads the new status after it. Taken before the owner's row: the cancellation locks the schedule
     * first too.
     */
    Optional<SaleStatus> lockSaleStatus(UUID scheduleId) {
        return jdbc.sql("SELECT sale_status FROM schedule WHERE id = :id LOCK IN SHARE MODE")
                .param("id", scheduleId.toString())
                .query((rs, n) -> SaleStatus.valueOf(rs.getString(1)))
                .optional();
    }

    /**
     * Takes (or creates) the user's lock row. Until the transaction ends, other holds of the same user wait here, so
     * counting the user's live holds and adding one cannot interleave; holds of other users are not affected.
     */
    void lockOwner(UUID userId, Instant now) {
        jdbc.sql("""
                        INSERT INTO hold_owner (user_id, last_hold_at) VALUES (:user, :now)
                        ON DUPLICATE KEY UPDATE last_hold_at = :now""")
                .param("user", userId.toString())
                .param("now", Timestamp.from(now))
                .update();
    }

    int countLiveHolds(UUID userId, Instant now) {
        return jdbc.sql("SELECT COUNT(*) FROM reservation WHERE user_id = :user AND " + Reservation.LIVE_HOLD_SQL)
                .param("user", userId.toString())
                .param("now", Timestamp.from(now))
                .query(Integer.class).single();
    }

    /** The user's holds as a change that ends some of their reservations finds them. */
    record OwnerHolds(long lastVersion, int held) {
    }

    /**
     * Locks the user's lock row for a change that ends {@code ending} of their reservations (a confirmation, a
     * release, a cancellation) and takes that many versions of their open-hold count: the last version taken, and
     * how many of their reservations are HELD right now, before the change. Every change of a reservation from or to
     * HELD takes this lock first, so the count cannot move until the transaction ends and the versions follow the
     * order of the changes. Lock order: the reservation row(s), then this row, then the seat.
     */
    OwnerHolds claimOpenHoldsVersions(UUID userId, int ending, Instant now) {
        jdbc.sql("""
                        INSERT INTO hold_owner (user_id, last_hold_at, open_holds_version) VALUES (:user, :now, :n)
                        ON DUPLICATE KEY UPDATE open_holds_version = open_holds_version + :n""")
                .param("user", userId.toString())
                .param("now", Timestamp.from(now))
                .param("n", ending)
                .update();
        return jdbc.sql("SELECT o.open_holds_version, (SELECT COUNT(*) FROM reservation r WHERE r.user_id = o.user_id"
                        + " AND r.status = '" + ReservationStatus.HELD.name() + "') FROM hold_owner o"
                        + " WHERE o.user_id = :user")
                .param("user", userId.toString())
                .query((rs, n) -> new OwnerHolds(rs.getLong(1), rs.getInt(2)))
                .single();
    }

    /** Exactly one of any number of concurrent callers finds the seat in a state a hold may take it from. */
    boolean takeSeat(UUID seatId, UUID reservationId) {
        return jdbc.sql(TAKE_SEAT)
                .param("reservation", reservationId.toString())
                .param("seat", seatId.toString())
                .update() == 1;
    }

    void insert(Reservation r) {
        jdbc.sql("""
                        INSERT INTO reservation (id, user_id, schedule_id, seat_id, seat_number, price, status,
                                                 created_at, expires_at, payment_pending_until)
                        VALUES (:id, :user, :schedule, :seat, :number, :price, :status, :created, :expires,
                                :pendingUntil)""")
                .param("id", r.id().toString())
                .param("user", r.userId().toString())
                .param("schedule", r.scheduleId().toString())
                .param("seat", r.seatId().toString())
                .param("number", r.seatNumber())
                .param("price", r.price())
                .param("status", r.status().name())
                .param("created", Timestamp.from(r.createdAt()))
                .param("pendingUntil", Timestamp.from(r.paymentPendingUntil()))
                .param("expires", Timestamp.from(r.expiresAt()))
                .update();
    }
}
