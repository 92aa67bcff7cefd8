package dev.concert.payment.payment;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.concert.platform.persistence.WrittenAtCommit;

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
    private final WrittenAtCommit<Settlement> settlements = new WrittenAtCommit<>(this::settleTogether);

    PaymentStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A DataIntegrityViolationException: the reservation is claimed by a live payment, or the key was used. */
    void insert(Payment payment) {
        settlements.flush();
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
        settlements.flush();
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
        settlements.flush();
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
        settlements.flush();
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
        settlements.flush();
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
        settlements.flush();
        // two bounded queries, PENDING first: FAILED rows waiting for a slow refund never crowd out PENDING ones
        List<Payment> due = new ArrayList<>(jdbc.sql("SELECT " + COLUMNS + " FROM payment"
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
        settlements.flush();
        // COALESCE: with nothing PENDING, MIN is NULL, and a NULL single value is an error for JdbcClient
        return jdbc.sql("SELECT COALESCE(TIMESTAMPDIFF(SECOND, MIN(created_at), NOW(6)), 0) FROM payment"
                        + " WHERE status = :p")
                .param("p", PaymentStatus.PENDING.name())
                .query(Long.class)
                .single();
    }

    /**
     * {@link #settle} at the commit of the current transaction, together with the other payments it settles (at once
     * outside a transaction); a statement of this store in the same transaction writes them first.
     */
    void settleAtCommit(Settlement settlement) {
        settlements.add(settlement);
    }

    /**
     * The settlements of one transaction, in the order they were made: one locking read of their payments (with the
     * database's clock), the moves made on the aggregates ({@link Payment#settle}, one outcome after another, so two
     * outcomes of one payment in a poll apply in turn) and one update per kind of move, each asserting the state it
     * read. A poll of the saga's listener settles a dozen payments in two statements instead of a dozen, and each
     * settled payment is handed on as written, so a request waiting for it need not read it back.
     */
    private void settleTogether(List<Settlement> batch) {
        Map<UUID, Payment> locked = new HashMap<>();
        BigDecimal[] now = new BigDecimal[1];
        Instant[] at = new Instant[1];
        // the database's clock twice: as seconds to write back exactly, and as a TIMESTAMP converted as any read of
        // the row converts it, so the payment handed on equals what a later read gives
        jdbc.sql("SELECT " + COLUMNS + ", NOW(6) AS now_at, UNIX_TIMESTAMP(NOW(6)) AS now_seconds FROM payment"
                        + " WHERE payment_id IN (:ids) FOR UPDATE")
                .param("ids", batch.stream().map(s -> s.paymentId().toString()).distinct().toList())
                .query((rs, n) -> {
                    now[0] = rs.getBigDecimal("now_seconds");
                    at[0] = instant(rs.getTimestamp("now_at"));
                    return payment(rs, n);
                })
                .list()
                .forEach(p -> locked.put(p.paymentId(), p));
        if (locked.isEmpty()) {
            return; // none of them ours
        }
        Map<UUID, PaymentStatus> before = new HashMap<>();
        locked.forEach((id, p) -> before.put(id, p.status()));
        Set<UUID> moved = new LinkedHashSet<>();
        Set<UUID> explained = new LinkedHashSet<>();
        List<Settlement> done = new ArrayList<>();
        for (Settlement s : batch) {
            Payment p = locked.get(s.paymentId());
            if (p == null) {
                continue; // not ours
            }
            if (p.settle(s.next(), s.reasonName(), at[0])) {
                moved.add(p.paymentId());
                done.add(s);
            } else if (s.explainIfRefused() && p.explain(s.reasonName())) {
                explained.add(p.paymentId());
            }
        }
        explained.removeAll(moved);
        record Move(PaymentStatus from, PaymentStatus to, String reason) {
        }
        Map<Move, List<String>> moves = new LinkedHashMap<>();
        for (UUID id : moved) {
            Payment p = locked.get(id);
            moves.computeIfAbsent(new Move(before.get(id), p.status(), p.failureReason()), m -> new ArrayList<>())
                    .add(id.toString());
        }
        moves.forEach((move, ids) -> expectUpdated(ids.size(), jdbc.sql("""
                        UPDATE payment
                        SET status = :to, failure_reason = :reason,
                            live_reservation_id = CASE WHEN :claims = 1 THEN reservation_id ELSE NULL END,
                            updated_at = FROM_UNIXTIME(:at), finished_at = FROM_UNIXTIME(:at)
                        WHERE payment_id IN (:ids) AND status = :from""")
                .param("to", move.to().name())
                .param("reason", move.reason())
                .param("claims", move.to().claimsTheReservation() ? 1 : 0)
                .param("at", now[0])
                .param("ids", ids)
                .param("from", move.from().name())
                .update()));
        Map<String, List<String>> explanations = new LinkedHashMap<>();
        explained.forEach(id -> explanations.computeIfAbsent(locked.get(id).failureReason(),
                r -> new ArrayList<>()).add(id.toString()));
        explanations.forEach((reason, ids) -> expectUpdated(ids.size(), jdbc.sql(
                        "UPDATE payment SET failure_reason = :reason WHERE payment_id IN (:ids) AND failure_reason IS NULL")
                .param("reason", reason)
                .param("ids", ids)
                .update()));
        done.forEach(s -> s.whenMoved().accept(locked.get(s.paymentId())));
    }

    /** The rows were locked and read: any other count is a bug, and the transaction must not commit. */
    private static void expectUpdated(int expected, int updated) {
        if (updated != expected) {
            throw new IllegalStateException("settled " + updated + " payments, expected " + expected);
        }
    }

    private Optional<Payment> one(String condition, String value) {
        settlements.flush();
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
