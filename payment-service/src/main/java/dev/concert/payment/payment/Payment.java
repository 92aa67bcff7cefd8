package dev.concert.payment.payment;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.concert.events.PaymentRequested;

import dev.concert.platform.persistence.AssignedIdEntity;

/**
 * A payment for one reservation by its owner. It starts PENDING, announcing {@code PaymentRequested}, and follows the
 * saga's outcome to its end through {@link #settle}; {@link PaymentStatus} says which moves are legal and an illegal
 * one throws. While PENDING or COMPLETED it claims its reservation ({@code live_reservation_id}, unique), so a second
 * payment of the same reservation fails in the database itself.
 */
@Entity
@Table(name = "payment")
public class Payment extends AssignedIdEntity {

    @Id
    private UUID paymentId;
    private UUID reservationId;
    private UUID userId;
    private long amount;
    @Enumerated(EnumType.STRING)
    private PaymentStatus status;
    private String failureReason;
    private String idempotencyKey;
    private UUID liveReservationId;
    /** stamped by the database, so a retried request reads back exactly what the first answer said */
    @Column(insertable = false, updatable = false)
    private Instant createdAt;
    @Column(insertable = false)
    private Instant updatedAt;
    private Instant finishedAt;

    protected Payment() {
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
        this.liveReservationId = reservationId;
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
     * Moves to {@code next} at {@code now}; a failure reason, once given, is kept. Throws if the current state does not
     * allow it: callers that may meet a repeated or overtaken event ask {@link PaymentStatus#canBecome} first.
     */
    void settle(PaymentStatus next, Enum<?> reason, Instant now) {
        status = status.transitionTo(next);
        if (failureReason == null && reason != null) {
            failureReason = reason.name();
        }
        liveReservationId = next.claimsTheReservation() ? reservationId : null;
        updatedAt = now;
        finishedAt = now;
    }

    /** Gives a settled payment its failure reason if it has none yet (the refund was heard before the failure). */
    boolean explain(Enum<?> reason) {
        if (reason == null || failureReason != null || status == PaymentStatus.PENDING) {
            return false;
        }
        failureReason = reason.name();
        return true;
    }

    @Override
    public UUID getId() {
        return paymentId;
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
