package dev.concert.payment.saga;

import java.util.Locale;
import java.util.UUID;

import dev.concert.events.ReservationConfirmationFailed;
import dev.concert.events.ReservationConfirmed;
import dev.concert.events.WalletDebitFailed;
import dev.concert.events.WalletRefunded;
import dev.concert.payment.payment.PaymentStatus;
import dev.concert.payment.payment.Payments;
import dev.concert.payment.payment.Settlement;
import dev.concert.payment.request.SettledSignals;
import dev.concert.payment.reservationview.ReservationViews;
import dev.concert.platform.messaging.AfterCommit;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Service;

/**
 * Follows each payment to its end. It emits nothing; every move is checked against the payment's state when it is
 * written, so an out-of-order or repeated event cannot misapply it ({@link PaymentStatus} says which moves are legal).
 */
@Service
class PaymentOutcomes {

    private final ReservationViews views;
    private final Payments payments;
    private final MeterRegistry meters;
    private final SettledSignals signals;

    PaymentOutcomes(ReservationViews views, Payments payments, MeterRegistry meters, SettledSignals signals) {
        this.views = views;
        this.payments = payments;
        this.meters = meters;
        this.signals = signals;
    }

    /** Step 7: the seat is booked → PENDING → COMPLETED. */
    void completed(ReservationConfirmed e) {
        views.confirmed(e);
        settle(e.paymentId(), PaymentStatus.COMPLETED, null, false);
    }

    /** Step 6: the wallet could not pay → PENDING → FAILED; the hold stays for a new attempt. */
    void debitFailed(WalletDebitFailed e) {
        settle(e.paymentId(), PaymentStatus.FAILED, e.reason(), false);
    }

    /**
     * Step 8: debited, but the hold was gone → PENDING → FAILED until the refund is confirmed. The refund travels on
     * another topic and may have overtaken this event: the payment is REFUNDED already, and this says why.
     */
    void confirmationFailed(ReservationConfirmationFailed e) {
        settle(e.paymentId(), PaymentStatus.FAILED, e.reason(), true);
    }

    /** Step 9: the debit was given back → REFUNDED (from COMPLETED when its booking was cancelled, step C). */
    void refunded(WalletRefunded e) {
        settle(e.paymentId(), PaymentStatus.REFUNDED, null, false);
    }

    /** Written with the poll's other outcomes at its commit; a payment unknown here or past this move is left alone. */
    private void settle(UUID paymentId, PaymentStatus next, Enum<?> reason, boolean explainIfRefused) {
        String outcome = next.name().toLowerCase(Locale.ROOT);
        String why = reason == null ? "none" : reason.name();
        payments.settleAtCommit(new Settlement(paymentId, next, reason, explainIfRefused,
                settled -> AfterCommit.run(() -> {
                    meters.counter("payments.outcome", "outcome", outcome, "reason", why).increment();
                    signals.settled(settled);
                })));
    }
}
