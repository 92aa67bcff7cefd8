package dev.concert.payment.request;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A payment for one reservation by its owner; times are stamped by the database. */
public record Payment(UUID paymentId, UUID reservationId, UUID userId, long amount, PaymentStatus status,
                      String failureReason, String idempotencyKey, Instant createdAt, Instant updatedAt,
                      Instant finishedAt) {

    public Payment {
        Objects.requireNonNull(paymentId);
        Objects.requireNonNull(reservationId);
        Objects.requireNonNull(userId);
        Objects.requireNonNull(status);
        if (amount <= 0) {
            throw new IllegalArgumentException("a payment is for a positive amount");
        }
    }

    static Payment pending(UUID reservationId, UUID userId, long amount, String idempotencyKey) {
        return new Payment(UUID.randomUUID(), reservationId, userId, amount, PaymentStatus.PENDING, null,
                idempotencyKey, null, null, null);
    }
}
