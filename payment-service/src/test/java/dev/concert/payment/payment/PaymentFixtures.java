package dev.concert.payment.payment;

import java.time.Instant;
import java.util.UUID;

/** Payments in a given state, reached through the aggregate's own moves. */
public final class PaymentFixtures {

    private PaymentFixtures() {
    }

    public static Payment in(PaymentStatus status, UUID reservationId, UUID owner, long amount) {
        Payment payment = Payment.request(reservationId, owner, amount, "k");
        switch (status) {
            case PENDING -> {
            }
            case COMPLETED, FAILED -> payment.settle(status, null, Instant.now());
            case REFUNDED -> {
                payment.settle(PaymentStatus.FAILED, null, Instant.now());
                payment.settle(PaymentStatus.REFUNDED, null, Instant.now());
            }
        }
        return payment;
    }
}
