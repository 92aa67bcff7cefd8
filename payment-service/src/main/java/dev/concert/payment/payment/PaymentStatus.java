package dev.concert.payment.payment;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a payment stands in the saga, and the only moves allowed between the states:
 * <pre>
 * PENDING ──ReservationConfirmed──────────────> COMPLETED
 * PENDING ──WalletDebitFailed─────────────────> FAILED (INSUFFICIENT_BALANCE)
 * PENDING ──ReservationConfirmationFailed─────> FAILED (HOLD_EXPIRED, refund on its way)
 * FAILED  ──WalletRefunded────────────────────> REFUNDED
 * PENDING ──WalletRefunded────────────────────> REFUNDED
 * </pre>
 * The last one exists because the refund travels on wallet.events and the failed confirmation on
 * reservation.events: nothing orders two topics, so the refund may be heard first.
 */
public enum PaymentStatus {
    PENDING, COMPLETED, FAILED, REFUNDED;

    private static final Map<PaymentStatus, Set<PaymentStatus>> NEXT = Map.of(
            PENDING, EnumSet.of(COMPLETED, FAILED, REFUNDED),
            FAILED, EnumSet.of(REFUNDED),
            COMPLETED, EnumSet.noneOf(PaymentStatus.class),
            REFUNDED, EnumSet.noneOf(PaymentStatus.class));

    public boolean canBecome(PaymentStatus next) {
        return NEXT.get(this).contains(next);
    }

    /** The states a payment may be in to move to this one. */
    public Set<PaymentStatus> reachableFrom() {
        Set<PaymentStatus> from = EnumSet.noneOf(PaymentStatus.class);
        for (PaymentStatus s : values()) {
            if (s.canBecome(this)) {
                from.add(s);
            }
        }
        return from;
    }

    /** The saga has given its answer (the client may stop polling; REFUNDED may still follow a FAILED). */
    public boolean isSettled() {
        return this != PENDING;
    }

    /** While PENDING or COMPLETED the payment claims its reservation: no second payment may start. */
    public boolean claimsTheReservation() {
        return this == PENDING || this == COMPLETED;
    }
}
