package dev.concert.payment.payment;

import dev.concert.events.ConfirmationFailure;

import java.time.Duration;
import java.util.List;
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

    Payments(PaymentStore store) {
        this.store = store;
    }

    public Optional<Payment> find(UUID paymentId) {
        return store.find(paymentId);
    }

    public List<Payment> ofUser(UUID userId, int limit) {
        return store.ofUser(userId, limit);
    }

    /** What stands before a new payment: the payment of this key, and the live payment of the reservation. */
    public Precedents precedents(UUID userId, String idempotencyKey, UUID reservationId) {
        return store.precedents(userId, idempotencyKey, reservationId);
    }

    /** Those of {@code paymentIds} that are no longer PENDING. */
    public List<UUID> settledAmong(java.util.Collection<UUID> paymentIds) {
        return paymentIds.isEmpty() ? List.of() : store.settledAmong(paymentIds);
    }

    /** The PENDING or COMPLETED payment of a reservation, if any. */
    public Optional<Payment> findLive(UUID reservationId) {
        return store.findLive(reservationId);
    }

    /**
     * Records a new PENDING payment claiming its reservation: a DataIntegrityViolationException means the reservation
     * is already claimed by a live payment, or the user already used this Idempotency-Key.
     */
    public void add(Payment payment) {
        store.insert(payment);
    }

    /**
     * Moves the payment to {@code next} if its current state allows it; false if it does not (a repeated or overtaken
     * event) or the payment is not ours.
     */
    public boolean settle(UUID paymentId, PaymentStatus next, Enum<?> reason) {
        return store.settle(paymentId, next, reason == null ? null : reason.name());
    }

    /**
     * The saga's move of a payment, written with the other payments its transaction settles at the commit (one read and
     * one update for a poll of outcomes, see {@link PaymentStore#settleAtCommit}); at once outside a transaction.
     */
    public void settleAtCommit(Settlement settlement) {
        store.settleAtCommit(settlement);
    }

    /** Payments the saga left unfinished past {@code deadline} (see {@link PaymentStore#unfinished}). */
    public List<Payment> unfinished(Duration deadline, int limit) {
        return store.unfinished(deadline, java.util.Arrays.stream(ConfirmationFailure.values()).map(Enum::name)
                .toList(), limit);
    }

    public long oldestPendingSeconds() {
        return store.oldestPendingSeconds();
    }
}
