package dev.concert.payment.payment;

import java.time.Instant;
import java.util.UUID;

/** Payments in a given state, as the store would read them back. */
public final class PaymentFixtures {

    private PaymentFixtures() {
    }

    public static Payment in(PaymentStatus status, UUID reservationId, UUID owner, long amount) {
        Instant now = Instant.now();
        return new Payment(UUID.randomUUID(), reservationId, owner, amount, status, null, "k", now, now,
                status == PaymentStatus.PENDING ? null : now);
    }

    /** The same payment (same id) in another state, as the saga would hand it on once settled. */
    public static Payment now(Payment payment, PaymentStatus status) {
        Instant now = Instant.now();
        return new Payment(payment.paymentId(), payment.reservationId(), payment.userId(), payment.amount(), status,
                null, payment.idempotencyKey(), payment.createdAt(), now, now);
    }
}
