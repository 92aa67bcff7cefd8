package dev.concert.payment.request;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The payment table. State changes are conditional on the states {@link PaymentStatus} allows them from. */
@Repository
public class Payments {

    private static final String COLUMNS = """
            payment_id, reservation_id, user_id, amount, status, failure_reason, idempotency_key, created_at,
            updated_at, finished_at""";

    private final JdbcClient jdbc;

    public Payments(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records a new PENDING payment claiming its reservation. A DuplicateKeyException means the reservation is
     * already claimed by a live payment, or the user already used this Idempotency-Key.
     */
    void insertPending(Payment payment) {
        jdbc.sql("""
                        INSERT INTO payment (payment_id, reservation_id, user_id, amount, status, idempotency_key,
                                             live_reservation_id)
                        VALUES (:id, :reservationId, :userId, :amount, 'PENDING', :key, :reservationId)""")
                .param("id", payment.paymentId().toString())
                .param("reservationId", payment.reservationId().toString())
                .param("userId", payment.userId().toString())
                .param("amount", payment.amount())
                .param("key", payment.idempotencyKey())
                .update();
    }

    public Optional<Payment> find(UUID paymentId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM payment WHERE payment_id = :id")
                .param("id", paymentId.toString())
                .query(Payments::payment)
                .optional();
    }

    Optional<Payment> findByKey(UUID userId, String idempotencyKey) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM payment WHERE user_id = :userId AND idempotency_key = :key")
                .param("userId", userId.toString())
                .param("key", idempotencyKey)
                .query(Payments::payment)
                .optional();
    }

    /** The PENDING or COMPLETED payment of a reservation, if any. */
    Optional<Payment> findLive(UUID reservationId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM payment WHERE live_reservation_id = :reservationId")
                .param("reservationId", reservationId.toString())
                .query(Payments::payment)
                .optional();
    }

    /**
     * Moves the payment to {@code next} if its current state allows it; false if it does not (or the payment is not
     * ours). A failure reason, once given, is kept.
     */
    public boolean move(UUID paymentId, PaymentStatus next, String reason) {
        return jdbc.sql("""
                        UPDATE payment
                        SET status = :next,
                            failure_reason = COALESCE(failure_reason, :reason),
                            live_reservation_id = CASE WHEN :claims = 1 THEN reservation_id ELSE NULL END,
                            updated_at = CURRENT_TIMESTAMP(6),
                            finished_at = CURRENT_TIMESTAMP(6)
                        WHERE payment_id = :id AND status IN (:from)""")
                .param("next", next.name())
                .param("reason", reason)
                .param("claims", next.claimsTheReservation() ? 1 : 0)
                .param("id", paymentId.toString())
                .param("from", next.reachableFrom().stream().map(Enum::name).toList())
                .update() == 1;
    }

    /** Gives a settled payment its failure reason if it has none yet (the refund was heard before the failure). */
    public void explain(UUID paymentId, String reason) {
        jdbc.sql("UPDATE payment SET failure_reason = :reason WHERE payment_id = :id AND failure_reason IS NULL "
                        + "AND status <> 'PENDING'")
                .param("reason", reason)
                .param("id", paymentId.toString())
                .update();
    }

    private static Payment payment(ResultSet rs, int row) throws SQLException {
        return new Payment(UUID.fromString(rs.getString("payment_id")), UUID.fromString(rs.getString("reservation_id")),
                UUID.fromString(rs.getString("user_id")), rs.getLong("amount"),
                PaymentStatus.valueOf(rs.getString("status")), rs.getString("failure_reason"),
                rs.getString("idempotency_key"), instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("updated_at")), instant(rs.getTimestamp("finished_at")));
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
