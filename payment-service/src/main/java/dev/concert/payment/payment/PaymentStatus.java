package dev.concert.payment.payment;

import java.util.EnumSet;
import java.util.Set;

import dev.concert.platform.domain.Lifecycle;

/**
 * Where a payment stands in the saga, and the only moves allowed between the states:
 * <pre>
 * PENDING ──ReservationConfirmed──────────────> COMPLETED
 * PENDING ──WalletDebitFailed─────────────────> FAILED (INSUFFICIENT_BALANCE)
 * PENDING ──ReservationConfirmationFailed─────> FAILED (HOLD_EXPIRED, refund on its way)
 * FAILED  ──WalletRefunded────────────────────> REFUNDED
 * PENDING ──WalletRefunded────────────────────> REFUNDED
 * COMPLETED ──WalletRefunded──────────────────> REFUNDED (the owner cancelled the booking before the show)
 * </pre>
 * PENDING → REFUNDED exists because the refund travels on wallet.events and the failed confirmation on
 * reservation.events: nothing orders two topics, so the refund may be heard first. COMPLETED → REFUNDED follows a
 * {@code BookingCancelled}: the wallet refunds a booked payment only then (a refused confirmation is another payment,
 * never the one that booked).
 */
public enum PaymentStatus implements Lifecycle<PaymentStatus> {
    PENDING, COMPLETED, FAILED, REFUNDED;

    @Override
    public Set<PaymentStatus> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(COMPLETED, FAILED, REFUNDED);
            case FAILED, COMPLETED -> EnumSet.of(REFUNDED);
            case REFUNDED -> EnumSet.noneOf(PaymentStatus.class);
        };
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
