package dev.concert.reservation.expiry;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ExpiryRepository {

    record ExpiredHold(UUID reservationId, UUID scheduleId, UUID seatId, UUID userId) {
    }

    private final JdbcClient jdbc;

    ExpiryRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Locks a batch of holds past every deadline. {@code SKIP LOCKED}: a row another instance is releasing, or that a
     * confirmation is changing right now, is left to that transaction instead of being waited for or done twice.
     */
    List<ExpiredHold> lockExpired(Instant now, int limit) {
        return jdbc.sql("""
                        SELECT id, schedule_id, seat_id, user_id FROM reservation
                        WHERE status = 'HELD' AND expires_at <= :now
                          AND (payment_pending_until IS NULL OR payment_pending_until <= :now)
                        ORDER BY expires_at LIMIT :limit
                        FOR UPDATE SKIP LOCKED""")
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .query((rs, n) -> new ExpiredHold(UUID.fromString(rs.getString(1)), UUID.fromString(rs.getString(2)),
                        UUID.fromString(rs.getString(3)), UUID.fromString(rs.getString(4))))
                .list();
    }

    /** HELD -> EXPIRED, only if still held and still past every deadline. */
    boolean expire(UUID reservationId, Instant now) {
        return jdbc.sql("""
                        UPDATE reservation SET status = 'EXPIRED', released_at = :now
                        WHERE id = :id AND status = 'HELD' AND expires_at <= :now
                          AND (payment_pending_until IS NULL OR payment_pending_until <= :now)""")
                .param("id", reservationId.toString())
                .param("now", Timestamp.from(now))
                .update() == 1;
    }

    /** HELD -> AVAILABLE, only for the seat this very reservation holds. */
    boolean releaseSeat(UUID seatId, UUID reservationId) {
        return jdbc.sql("""
                        UPDATE seat SET status = 'AVAILABLE', reservation_id = NULL
                        WHERE id = :seat AND status = 'HELD' AND reservation_id = :reservation""")
                .param("seat", seatId.toString())
                .param("reservation", reservationId.toString())
                .update() == 1;
    }
}
