package dev.concert.payment.payment;

import java.util.Optional;

/**
 * What a payment request finds before it inserts: the payment its Idempotency-Key already started ({@code byKey}, a
 * retry) and the PENDING or COMPLETED payment that claims the reservation ({@code live}); one payment may be both.
 */
public record Precedents(Optional<Payment> byKey, Optional<Payment> live) {
}
