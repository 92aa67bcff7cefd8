package dev.concert.payment.payment;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import dev.concert.events.PaymentRequested;

/**
 * A payment for one reservation by its owner. It starts PENDING, announcing {@code PaymentRequested}, and follows the
 * saga's outcome to its end; {@link PaymentStatus} says which moves are legal: {@link #settle} checks them for the saga's
 * settlements of a poll, and reconciliation's conditional statement ({@link PaymentStore#settle}) is built from them. While PENDING or COMPLETED it claims its
 * reservation ({@code live_reservation_id}, unique), so a second payment of the same reservation fails in the
 * database itself.
 */
public class Payment {

    private UUID paymentId;
    private UUID reservationId;
    private UUID userId;
    private long amount;
    private PaymentStatus status;
    private String failureReason;
    private String idempotencyKey;
    /** stamped by the database, so a retried request reads back exactly what the first answer said */
    private Instant createdAt;
    private Instant updatedAt;
    private Instant finishedAt;

    /** As stored (the store's row mapper). */
    Payment(UUID paymentId, UUID reservationId, UUID userId, long amount, PaymentStatus status, String failureReason,
            String idempotencyKey, Instant createdAt, Instant updatedAt, Instant finishedAt) {
        this.paymentId = paymentId;
        this.reservationId = reservationId;
        this.userId = userId;
        this.amount = amount;
        this.status = status;
        this.failureReason = failureReason;
        this.idempotencyKey = idempotencyKey;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
        this.finishedAt = finishedAt;
    }

    private Payment(UUID reservationId, UUID userId, long amount, String idempotencyKey) {
        if (amount <= 0) {
            throw new IllegalArgumentException("a payment is for a positive amount");
        }
        this.paymentId = UUID.randomUUID();
        this.reservationId = Objects.requireNonNull(reservationId);
        this.userId = Objects.requireNonNull(userId);
        this.amount = amount;
        this.idempotencyKey = Objects.requireNonNull(idempotencyKey);
        this.status = PaymentStatus.PENDING;
    }

    /** A new PENDING payment of {@code amount} for the user's reservation. */
    public static Payment request(UUID reservationId, UUID userId, long amount, String idempotencyKey) {
        return new Payment(reservationId, userId, amount, idempotencyKey);
    }

    /** The event that starts the saga for this payment. */
    public PaymentRequested requested() {
        if (status != PaymentStatus.PENDING) {
            throw new IllegalStateException("payment " + paymentId + " is " + status + ", not PENDING");
        }
        return new PaymentRequested(paymentId, reservationId, userId, amount);
    }

    /**
     * Moves to {@code next} if {@link PaymentStatus} allows it from the current state; a failure reason, once given,
     * is kept; {@code at} is when (the database's clock). False, and nothing changed, if the move is not allowed (a
     * repeated or overtaken event).
     */
    boolean settle(PaymentStatus next, String reason, Instant at) {
        if (!status.canBecome(next)) {
            return false;
        }
        status = next;
        if (failureReason == null) {
            failureReason = reason;
        }
        updatedAt = at;
        finishedAt = at;
        return true;
    }

    /** Gives a settled payment its failure reason if it has none yet; false if it changed nothing. */
    boolean explain(String reason) {
        if (reason == null || failureReason != null || !status.isSettled()) {
            return false;
        }
        failureReason = reason;
        return true;
    }

    public UUID paymentId() {
        return paymentId;
    }

    public UUID reservationId() {
        return reservationId;
    }

    public UUID userId() {
        return userId;
    }

    public long amount() {
        return amount;
    }

    public PaymentStatus status() {
        return status;
    }

    public String failureReason() {
        return failureReason;
    }

    public String idempotencyKey() {
        return idempotencyKey;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public Instant finishedAt() {
        return finishedAt;
    }
}
