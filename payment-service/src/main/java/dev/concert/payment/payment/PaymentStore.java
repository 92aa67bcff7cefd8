package dev.concert.payment.payment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The payment table; only this package writes it. Every statement here is on the hot path of a sale (a request, its
 * polls, the saga's outcomes), so they are plain statements: through the ORM the payments benchmark lost a sixth of
 * its throughput (docs/benchmarks.md). The settling update is built from {@link PaymentStatus}, so the moves exist
 * once; {@code PaymentStoreIT} runs it from every state. Times are stamped by the database (microseconds, like
 * {@code created_at}), so they order correctly on MariaDB, where the driver would drop a bound value's fraction.
 */
@Repository
class PaymentStore {

    private static final String COLUMNS = """
            payment_id, reservation_id, user_id, amount, status, failure_reason, idempotency_key, created_at,
            updated_at, finished_at""";

    private final JdbcClient jdbc;

    PaymentStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A DataIntegrityViolationException: the reservation is claimed by a live payment, or the key was used. */
    void insert(Payment payment) {
        jdbc.sql("""
                        INSERT INTO payment (payment_id, reservation_id, user_id, amount, status, idempotency_key,
                                             live_reservation_id)
                        VALUES (:id, :reservationId, :userId, :amount, :status, :key, :reservationId)""")
                .param("id", payment.paymentId().toString())
                .param("reservationId", payment.reservationId().toString())
                .param("userId", payment.userId().toString())
                .param("amount", payment.amount())
                .param("status", payment.status().name())
                .param("key", payment.idempotencyKey())
                .update();
    }

    Optional<Payment> find(UUID paymentId) {
        return one("payment_id = :v", paymentId.toString());
    }

    List<UUID> settledAmong(Collection<UUID> paymentIds) {
        return jdbc.sql("SELECT payment_id FROM payment WHERE payment_id IN (:ids) AND status <> :pending")
                .param("ids", paymentIds.stream().map(UUID::toString).toList())
                .param("pending", PaymentStatus.PENDING.name())
                .query((rs, n) -> UUID.fromString(rs.getString(1)))
                .list();
    }

    /**
     * The payment of this user's key and the live payment of the reservation in one statement (a request's first
     * read): each branch uses its own unique index, and one row may answer both.
     */
    Precedents precedents(UUID userId, String idempotencyKey, UUID reservationId) {
        record Found(boolean byKey, Payment payment) {
        }
        List<Found> rows = jdbc.sql("SELECT 1 AS by_key, " + COLUMNS
                        + " FROM payment WHERE user_id = :userId AND idempotency_key = :key"
                        + " UNION ALL SELECT 0, " + COLUMNS + " FROM payment WHERE live_reservation_id = :reservationId")
                .param("userId", userId.toString())
                .param("key", idempotencyKey)
                .param("reservationId", reservationId.toString())
                .query((rs, n) -> new Found(rs.getBoolean("by_key"), payment(rs, n)))
                .list();
        return new Precedents(rows.stream().filter(Found::byKey).map(Found::payment).findFirst(),
                rows.stream().filter(f -> !f.byKey()).map(Found::payment).findFirst());
    }

    /** A user's payments, newest first (ix_payment_user). */
    List<Payment> ofUser(UUID userId, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM payment WHERE user_id = :userId ORDER BY created_at DESC, "
                        + "payment_id LIMIT :limit")
                .param("userId", userId.toString())
                .param("limit", limit)
                .query(PaymentStore::payment)
                .list();
    }

    Optional<Payment> findLive(UUID reservationId) {
        return one("live_reservation_id = :v", reservationId.toString());
    }

    /**
     * The move to {@code next}, only from the states {@link PaymentStatus} allows it from; a failure reason, once
     * given, is kept; the reservation stays claimed only in a claiming state. False if the state did not allow it.
     */
    boolean settle(UUID paymentId, PaymentStatus next, String reason) {
        if (next.allowedFrom().isEmpty()) {
            return false;
        }
        return jdbc.sql("""
                        UPDATE payment
                        SET status = :next,
                            failure_reason = COALESCE(failure_reason, :reason),
                            live_reservation_id = CASE WHEN :claims = 1 THEN reservation_id ELSE NULL END,
                            updated_at = CURRENT_TIMESTAMP(6), finished_at = CURRENT_TIMESTAMP(6)
                        WHERE payment_id = :id AND status IN (:from)""")
                .param("next", next.name())
                .param("reason", reason)
                .param("claims", next.claimsTheReservation() ? 1 : 0)
                .param("id", paymentId.toString())
                .param("from", next.allowedFrom().stream().map(Enum::name).toList())
                .update() == 1;
    }

    /**
     * Payments the saga has not finished within {@code deadline}: PENDING since before it, or FAILED after a debit
     * (a confirmation failure) and not REFUNDED since before it. Oldest first.
     */
    List<Payment> unfinished(Duration deadline, Collection<String> debitedFailures, int limit) {
        // two bounded queries, PENDING first: FAILED rows waiting for a slow refund never crowd out PENDING ones
        List<Payment> due = new java.util.ArrayList<>(jdbc.sql("SELECT " + COLUMNS + " FROM payment"
                        + " WHERE status = :pending AND created_at < NOW(6) - INTERVAL :secs SECOND"
                        + " ORDER BY created_at LIMIT :limit")
                .param("pending", PaymentStatus.PENDING.name())
                .param("secs", deadline.toSeconds())
                .param("limit", limit)
                .query(PaymentStore::payment)
                .list());
        due.addAll(jdbc.sql("SELECT " + COLUMNS + " FROM payment"
                        + " WHERE status = :failed AND failure_reason IN (:debited)"
                        + " AND finished_at < NOW(6) - INTERVAL :secs SECOND ORDER BY finished_at LIMIT :limit")
                .param("failed", PaymentStatus.FAILED.name())
                .param("debited", debitedFailures)
                .param("secs", deadline.toSeconds())
                .param("limit", limit)
                .query(PaymentStore::payment)
                .list());
        return due;
    }

    /** How long the oldest PENDING payment has been waiting, in seconds (0 when none is). */
    long oldestPendingSeconds() {
        // COALESCE: with nothing PENDING, MIN is NULL, and a NULL single value is an error for JdbcClient
        return jdbc.sql("SELECT COALESCE(TIMESTAMPDIFF(SECOND, MIN(created_at), NOW(6)), 0) FROM payment"
                        + " WHERE status = :p")
                .param("p", PaymentStatus.PENDING.name())
                .query(Long.class)
                .single();
    }

    /** Gives a settled payment its failure reason if it has none yet. */
    void explain(UUID paymentId, String reason) {
        jdbc.sql("UPDATE payment SET failure_reason = :reason WHERE payment_id = :id AND failure_reason IS NULL "
                        + "AND status <> :pending")
                .param("reason", reason)
                .param("id", paymentId.toString())
                .param("pending", PaymentStatus.PENDING.name())
                .update();
    }

    private Optional<Payment> one(String condition, String value) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM payment WHERE " + condition)
                .param("v", value)
                .query(PaymentStore::payment)
                .optional();
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
