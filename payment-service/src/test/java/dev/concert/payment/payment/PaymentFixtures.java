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
}
