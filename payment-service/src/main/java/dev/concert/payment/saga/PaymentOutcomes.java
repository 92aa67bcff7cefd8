package dev.concert.payment.saga;

import java.util.Locale;
import java.util.UUID;

import dev.concert.events.ReservationConfirmationFailed;
import dev.concert.events.ReservationConfirmed;
import dev.concert.events.WalletDebitFailed;
import dev.concert.events.WalletRefunded;
import dev.concert.payment.payment.PaymentStatus;
import dev.concert.payment.payment.Payments;
import dev.concert.payment.request.SettledSignals;
import dev.concert.payment.reservationview.ReservationViews;
import dev.concert.platform.messaging.AfterCommit;

import io.micrometer.core.instrument.MeterRegistry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Follows each payment to its end. It emits nothing; every move is one conditional update that an out-of-order or
 * repeated event cannot misapply ({@link PaymentStatus} says which moves are legal).
 */
@Service
class PaymentOutcomes {

    private static final Logger log = LoggerFactory.getLogger(PaymentOutcomes.class);

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
        settle(e.paymentId(), PaymentStatus.COMPLETED, null);
    }

    /** Step 6: the wallet could not pay → PENDING → FAILED; the hold stays for a new attempt. */
    void debitFailed(WalletDebitFailed e) {
        settle(e.paymentId(), PaymentStatus.FAILED, e.reason());
    }

    /** Step 8: debited, but the hold was gone → PENDING → FAILED until the refund is confirmed. */
    void confirmationFailed(ReservationConfirmationFailed e) {
        if (!settle(e.paymentId(), PaymentStatus.FAILED, e.reason())) {
            // the refund (another topic) overtook this event: the payment is REFUNDED already, say why
            payments.explain(e.paymentId(), e.reason());
        }
    }

    /** Step 9: the debit was given back → REFUNDED (from COMPLETED when its booking was cancelled, step C). */
    void refunded(WalletRefunded e) {
        settle(e.paymentId(), PaymentStatus.REFUNDED, null);
    }

    private boolean settle(UUID paymentId, PaymentStatus next, Enum<?> reason) {
        boolean moved = payments.settle(paymentId, next, reason);
        if (!moved) {
            log.debug("payment {} not moved to {}: unknown here or not in a state that allows it", paymentId, next);
            return false;
        }
        String outcome = next.name().toLowerCase(Locale.ROOT);
        String why = reason == null ? "none" : reason.name();
        AfterCommit.run(() -> {
            meters.counter("payments.outcome", "outcome", outcome, "reason", why).increment();
            signals.settled(paymentId);
        });
        return true;
    }
}
