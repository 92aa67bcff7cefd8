package dev.concert.payment.reconciliation;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import dev.concert.events.ConfirmationFailure;
import dev.concert.events.DebitFailure;
import dev.concert.payment.internalcall.InternalService.ServiceUnavailable;
import dev.concert.payment.payment.Payment;
import dev.concert.payment.payment.PaymentStatus;
import dev.concert.payment.payment.Payments;
import dev.concert.payment.reservationview.ReservationServiceClient;
import dev.concert.payment.reservationview.ReservationServiceClient.LateConfirmation;
import dev.concert.payment.reservationview.ReservationServiceUnavailable;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every payment ends: one the saga left PENDING past the deadline (or FAILED after a debit and never REFUNDED) is
 * settled from what the other services' records say, not from events that may be stuck (docs/saga.md, "every payment
 * ends"):
 * <ol>
 *   <li>the wallet's ledger: no DEBIT → the wallet voids the payment (a late {@code PaymentRequested} is then refused)
 *   and it ends FAILED {@code PAYMENT_EXPIRED}; refunded → REFUNDED;</li>
 *   <li>debited and not refunded → reservation-service runs saga step 6 for it now: the seat is booked (COMPLETED) if
 *   the hold is live, otherwise it announces the failure, the wallet refunds, and the payment ends REFUNDED.</li>
 * </ol>
 * So FAILED never hides a debit, and a debit without a CONFIRMED reservation always ends REFUNDED. Every instance runs
 * it; two instances reconciling one payment ask the same idempotent questions and make the same conditional move.
 */
@Service
public class ReconcileUnfinishedPayments {

    private static final Logger log = LoggerFactory.getLogger(ReconcileUnfinishedPayments.class);

    private final Payments payments;
    private final WalletServiceClient wallet;
    private final ReservationServiceClient reservations;
    private final ReconciliationSettings settings;
    private final MeterRegistry meters;
    private final TransactionTemplate tx;
    private final AtomicLong oldestPending = new AtomicLong();

    ReconcileUnfinishedPayments(Payments payments, WalletServiceClient wallet, ReservationServiceClient reservations,
                                ReconciliationSettings settings, MeterRegistry meters, TransactionTemplate tx) {
        this.payments = payments;
        this.wallet = wallet;
        this.reservations = reservations;
        this.settings = settings;
        this.meters = meters;
        this.tx = tx;
        Gauge.builder("payments.pending.oldest", oldestPending, AtomicLong::get).baseUnit("seconds")
                .description("how long the oldest PENDING payment has waited; above the deadline means reconciliation"
                        + " cannot reach the wallet or reservation-service")
                .register(meters);
    }

    @Scheduled(fixedDelayString = "${payment.reconciliation.interval:15s}",
            initialDelayString = "${payment.reconciliation.interval:15s}")
    void run() {
        try {
            reconcileDue();
        } catch (RuntimeException e) {
            log.warn("payment reconciliation failed, will retry: {}", e.getMessage());
        }
    }

    /** Reconciles what is due now; returns how many payments it moved. */
    public int reconcileDue() {
        List<Payment> due = payments.unfinished(settings.deadline(), settings.batchSize());
        int moved = 0;
        for (Payment payment : due) {
            try {
                moved += reconcile(payment) ? 1 : 0;
            } catch (ServiceUnavailable | ReservationServiceUnavailable e) {
                log.warn("cannot reconcile payment {} now ({}); next run retries", payment.paymentId(),
                        e.getMessage());
                if (e.getCause() instanceof CallNotPermittedException) {
                    break; // the circuit is open: the rest would fail the same way
                }
            }
        }
        oldestPending.set(payments.oldestPendingSeconds());
        return moved;
    }

    private boolean reconcile(Payment payment) {
        WalletServiceClient.Settlement ledger = wallet.settle(payment.paymentId(), payment.userId(),
                payment.reservationId(), payment.amount());
        if (payment.status() == PaymentStatus.FAILED) {
            // the refusal was announced already and the refund is the wallet's to make (waited out or parked for an
            // operator): only look whether it happened, never announce it again
            return ledger.state() == WalletServiceClient.Settlement.State.REFUNDED
                    && settle(payment, PaymentStatus.REFUNDED, null);
        }
        return switch (ledger.state()) {
            case VOIDED -> settle(payment, PaymentStatus.FAILED, DebitFailure.PAYMENT_EXPIRED);
            case REFUNDED -> settle(payment, PaymentStatus.REFUNDED, null);
            case DEBITED -> {
                LateConfirmation decided = reservations.confirmLate(payment.reservationId(), payment.paymentId(),
                        payment.userId(), ledger.amount());
                yield decided.outcome() == LateConfirmation.Outcome.CONFIRMED
                        ? settle(payment, PaymentStatus.COMPLETED, null)
                        // refused: reservation-service announced it, the wallet refunds, WalletRefunded → REFUNDED
                        : settle(payment, PaymentStatus.FAILED, reason(decided.reason()));
            }
        };
    }

    private boolean settle(Payment payment, PaymentStatus next, Enum<?> reason) {
        boolean moved = Boolean.TRUE.equals(tx.execute(status -> payments.settle(payment.paymentId(), next, reason)));
        if (moved) {
            log.info("reconciled payment {} {} → {}{}", payment.paymentId(), payment.status(), next,
                    reason == null ? "" : " (" + reason + ")");
            meters.counter("payments.reconciled", "outcome", next.name().toLowerCase(Locale.ROOT)).increment();
        }
        return moved;
    }

    private static ConfirmationFailure reason(String name) {
        try {
            return name == null ? null : ConfirmationFailure.valueOf(name);
        } catch (IllegalArgumentException newerReason) {
            return null;
        }
    }
}
