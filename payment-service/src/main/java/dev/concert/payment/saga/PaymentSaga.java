package dev.concert.payment.saga;

import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import dev.concert.events.DomainEvent;
import dev.concert.events.ReservationConfirmationFailed;
import dev.concert.events.ReservationConfirmed;
import dev.concert.events.SeatHeld;
import dev.concert.events.SeatReleased;
import dev.concert.events.Topics;
import dev.concert.events.WalletDebitFailed;
import dev.concert.events.WalletRefunded;
import dev.concert.payment.request.PaymentStatus;
import dev.concert.payment.request.Payments;
import dev.concert.payment.request.SettledSignals;
import dev.concert.payment.reservationview.ReservationViews;
import dev.concert.platform.messaging.InboundEvents;

import io.micrometer.core.instrument.MeterRegistry;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * payment-service's side of the saga (docs/saga.md): it keeps its reservation view from reservation-service's events
 * and follows each payment to COMPLETED, FAILED or REFUNDED. It emits nothing here; every step is one conditional
 * update that an out-of-order or repeated event cannot misapply ({@link PaymentStatus} says which moves are legal).
 * <p>
 * One listener for both topics: two listeners of one group on the same topic would split its partitions.
 */
@Component
class PaymentSaga {

    static final String LISTENER_ID = "payment-saga";
    // WalletDebited (and whatever else shares the topics) is reservation-service's business, not ours
    private static final Set<Class<? extends DomainEvent>> HANDLED = Set.of(SeatHeld.class, SeatReleased.class,
            ReservationConfirmed.class, WalletDebitFailed.class, ReservationConfirmationFailed.class,
            WalletRefunded.class);
    private static final Logger log = LoggerFactory.getLogger(PaymentSaga.class);

    private final InboundEvents inbound;
    private final ReservationViews views;
    private final Payments payments;
    private final MeterRegistry meters;
    private final SettledSignals signals;

    PaymentSaga(InboundEvents inbound, ReservationViews views, Payments payments, MeterRegistry meters,
                SettledSignals signals) {
        this.inbound = inbound;
        this.views = views;
        this.payments = payments;
        this.meters = meters;
        this.signals = signals;
    }

    @KafkaListener(id = LISTENER_ID, topics = {Topics.RESERVATION, Topics.WALLET},
            groupId = "${spring.kafka.consumer.group-id}")
    void on(ConsumerRecord<String, String> record) {
        inbound.accept("payment-service", record, HANDLED, event -> {
            switch (event) {
                case SeatHeld e -> views.held(e);
                case SeatReleased e -> views.released(e);
                case ReservationConfirmed e -> completed(e);
                case WalletDebitFailed e -> debitFailed(e);
                case ReservationConfirmationFailed e -> confirmationFailed(e);
                case WalletRefunded e -> refunded(e);
                default -> {
                }
            }
        });
    }

    /** Step 7: the seat is booked → PENDING → COMPLETED. */
    private void completed(ReservationConfirmed e) {
        views.confirmed(e);
        settle(e.paymentId(), PaymentStatus.COMPLETED, null);
    }

    /** Step 6: the wallet could not pay → PENDING → FAILED(INSUFFICIENT_BALANCE); the hold stays for a new attempt. */
    private void debitFailed(WalletDebitFailed e) {
        settle(e.paymentId(), PaymentStatus.FAILED, e.reason());
    }

    /** Step 8: debited, but the hold was gone → PENDING → FAILED(HOLD_EXPIRED) until the refund is confirmed. */
    private void confirmationFailed(ReservationConfirmationFailed e) {
        if (!settle(e.paymentId(), PaymentStatus.FAILED, e.reason())) {
            // the refund (another topic) overtook this event: the payment is REFUNDED already, say why
            payments.explain(e.paymentId(), e.reason());
        }
    }

    /** Step 9: the debit was given back → REFUNDED. */
    private void refunded(WalletRefunded e) {
        settle(e.paymentId(), PaymentStatus.REFUNDED, null);
    }

    private boolean settle(UUID paymentId, PaymentStatus next, String reason) {
        boolean moved = payments.move(paymentId, next, reason);
        if (!moved) {
            log.debug("payment {} not moved to {}: unknown here or not in a state that allows it", paymentId, next);
            return false;
        }
        String outcome = next.name().toLowerCase(Locale.ROOT);
        String why = reason == null ? "none" : reason;
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                meters.counter("payments.outcome", "outcome", outcome, "reason", why).increment();
                signals.settled(paymentId);
            }
        });
        return true;
    }
}
