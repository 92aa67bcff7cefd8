package dev.concert.payment.payment;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;

/**
 * The payment aggregate's door for the use cases (requests from users, the saga's outcomes). Methods that change
 * something run inside the caller's transaction.
 */
@Service
public class Payments {

    private final PaymentStore store;
    private final Clock clock;

    Payments(PaymentStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Optional<Payment> find(UUID paymentId) {
        return store.findById(paymentId);
    }

    public Optional<Payment> findByKey(UUID userId, String idempotencyKey) {
        return store.findByUserIdAndIdempotencyKey(userId, idempotencyKey);
    }

    /** The PENDING or COMPLETED payment of a reservation, if any. */
    public Optional<Payment> findLive(UUID reservationId) {
        return store.findByLiveReservationId(reservationId);
    }

    /**
     * Records a new PENDING payment claiming its reservation, written at once so that a race shows here: a
     * DataIntegrityViolationException means the reservation is already claimed by a live payment, or the user already
     * used this Idempotency-Key.
     */
    public void add(Payment payment) {
        store.saveAndFlush(payment);
    }

    /**
     * Moves the payment to {@code next} if its current state allows it; false if it does not (a repeated or overtaken
     * event) or the payment is not ours. The row is locked first, so concurrent outcomes apply one after the other.
     */
    public boolean settle(UUID paymentId, PaymentStatus next, Enum<?> reason) {
        Optional<Payment> payment = store.lockById(paymentId);
        if (payment.isEmpty() || !payment.get().status().canBecome(next)) {
            return false;
        }
        payment.get().settle(next, reason, clock.instant());
        return true;
    }

    /** Gives a settled payment its failure reason if it has none yet. */
    public void explain(UUID paymentId, Enum<?> reason) {
        store.lockById(paymentId).ifPresent(p -> p.explain(reason));
    }
}
