package dev.concert.reservation.confirmation;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ConfirmationRepository {

    private final JdbcClient jdbc;

    ConfirmationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Protects a held reservation from the expiry job until {@code until}; never shortens an earlier grace. */
    boolean extendForPayment(UUID reservationId, UUID userId, Instant until) {
        return jdbc.sql("""
                        UPDATE reservation SET payment_pending_until = :until
                        WHERE id = :id AND user_id = :user AND status = 'HELD'
                          AND (payment_pending_until IS NULL OR payment_pending_until < :until)""")
                .param("id", reservationId.toString())
                .param("user", userId.toString())
                .param("until", Timestamp.from(until))
                .update() == 1;
    }

    /**
     * Reservation HELD -> CONFIRMED and its seat HELD -> BOOKED in one conditional statement: both change, or neither
     * does (not the owner, hold no longer live, or the seat not held by this very reservation).
     */
    boolean confirm(UUID reservationId, UUID userId, UUID paymentId, Instant now) {
        return jdbc.sql("""
                        UPDATE reservation r JOIN seat s ON s.id = r.seat_id
                        SET r.status = 'CONFIRMED', r.payment_id = :payment, r.confirmed_at = :now,
                            s.status = 'BOOKED'
                        WHERE r.id = :id AND r.user_id = :user AND r.status = 'HELD'
                          AND (r.expires_at > :now OR r.payment_pending_until > :now)
                          AND s.status = 'HELD' AND s.reservation_id = r.id""")
                .param("id", reservationId.toString())
                .param("user", userId.toString())
                .param("payment", paymentId.toString())
                .param("now", Timestamp.from(now))
                .update() > 0;
    }
}
